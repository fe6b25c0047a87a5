#pragma once

#include <flipbench/config/run_config.h>

#include <nlohmann/json_fwd.hpp>

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantHash>

namespace flipbench::ui {

/// How a field's value is held while it is edited, and how it goes into the config JSON.
enum class FieldKind {
    Text,        ///< QString, as typed (name, data path)
    Number,      ///< QString as typed, parsed locale-independently into a JSON number
    Integer,     ///< qlonglong from a spin box
    WholeNumber, ///< QString as typed, parsed into a JSON integer (seed: wider than a spin box)
    Choice,      ///< QString: the config value of a combo item
    Flag,        ///< bool
    List,        ///< QStringList
};

struct FieldSpec {
    QString path; ///< JSON path in the run config, e.g. "train.lr"
    FieldKind kind;
    bool inJson = true; ///< false for form-only switches (whether an optional value is set)
};

/// Form-only switches of the optional numbers kd_alpha and eta_min.
inline constexpr const char* kKdAlphaSet = "method.kd_alpha:set";
inline constexpr const char* kEtaMinSet = "train.eta_min:set";

/// Every field the form edits, plus train.log_every, which it carries over without showing it.
const QList<FieldSpec>& draftFields();

/// One run of the form as the user typed it: JSON path -> value (see FieldKind). A draft keeps
/// text that is not (yet) a number, so switching between runs of a plan loses no keystrokes.
using RunDraft = QVariantHash;

/// A field that is wrong, and why ("train.lr: must be > 0, got -0.1": the path comes first).
struct FieldProblem {
    QString path;
    QString message;
};

RunDraft draftFromConfig(const flipbench::RunConfig& config);

/// Whether a field matters with the draft's method and schedule. Irrelevant fields are hidden in
/// the form and left out of the JSON, so a stale value in a hidden field cannot block a run.
bool isFieldRelevant(const RunDraft& draft, const QString& path);

/// The JSON parseRunConfig reads. Numbers that do not parse are left out and reported in `problems`.
nlohmann::json draftToJson(const RunDraft& draft, QList<FieldProblem>* problems);

QString formatNumber(double value);

inline QString draftName(const RunDraft& draft)
{
    return draft.value("name").toString();
}

inline QString draftMethod(const RunDraft& draft)
{
    return draft.value("method.name").toString();
}

inline QStringList draftReferences(const RunDraft& draft)
{
    return draft.value("method.reference").toStringList();
}

} // namespace flipbench::ui
