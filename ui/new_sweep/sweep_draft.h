#pragma once

#include <nlohmann/json.hpp>

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace flipbench::ui {

/// One field of a sweep's grid as typed in the New Sweep form.
struct GridFieldDraft {
    QString path;   ///< dotted config path, "method.kd_loss_weight"
    QString values; ///< "0.5, 1, 2"; each item read as JSON (a number, true) or else as a string ("kl")
};

/// The New Sweep form: a base run, what it is trained against, a grid and seeds. One arm.
struct SweepDraft {
    QString name;
    /// The spec's "base": "preset:NAME/RUN", or a config.json file (a run of the workspace).
    QString base;
    /// Run folders the runs are trained against (several: an ensemble); empty: plain retraining.
    QStringList reference;
    QList<GridFieldDraft> grid;
    QString seeds; ///< "1, 2, 3" or "1-5"
};

/// The sweep spec (README, "Sweeps") of a draft. Throws ConfigError naming the form's field when a
/// grid line or the seeds do not read ("seeds: \"x\" is not a whole number").
nlohmann::json sweepSpecOf(const SweepDraft& draft);

/// The form of a spec it can show: one family (no "arms", "set" or "old"), a base given by name
/// or file, a grid of one object; none for any other spec (the Spec File tab queues those).
std::optional<SweepDraft> draftOfSpec(const nlohmann::json& spec);

/// "1, 2, 5-7" -> 1 2 5 6 7. Throws ConfigError for anything else, or no seeds.
std::vector<uint64_t> parseSeedList(const QString& text);

/// "0.5, 1, kl" -> [0.5, 1, "kl"]: each item as JSON where it reads as JSON, else as a string.
nlohmann::json parseValueList(const QString& text);

/// The settings of a config a grid can vary: its leaves as dotted paths, without the ones a sweep
/// sets itself (name, train.seed, method.reference, data.path).
QStringList sweepableFields(const nlohmann::json& config);

/// What a spec will do in a workspace, before anything is written.
struct SweepPreview {
    QString error;   ///< why it cannot be queued ("" when it can)
    int runs = 0;    ///< every run of the plan
    int toTrain = 0; ///< runs to train or resume; the others completed before (or are skipped)
    int settings = 0;
    QString summary; ///< "9 runs: 3 settings × 3 seeds · about 12 min (measured on ...)"
    QStringList runNames;
};

/// Expands `spec` (data.path replaced by `dataPath` when given) and surveys `workspace`: the run
/// count and the estimated time, or the error that stops it (arm, values and field named). Never
/// throws.
SweepPreview previewSweep(const nlohmann::json& spec, const QString& specDir, const QString& workspace,
                          const QString& dataPath);

} // namespace flipbench::ui
