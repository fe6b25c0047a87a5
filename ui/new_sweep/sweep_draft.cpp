#include "ui/new_sweep/sweep_draft.h"

#include <flipbench/sweeps/sweep_estimate.h>
#include <flipbench/sweeps/sweep_plan.h>
#include <flipbench/sweeps/sweep_runner.h>
#include <flipbench/util/errors.h>

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <exception>
#include <set>

namespace flipbench::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SweepDraft", text);
}

QStringList items(const QString& text)
{
    QStringList list;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            list << item.trimmed();
    return list;
}

uint64_t wholeNumber(const QString& text, const QString& where)
{
    bool ok = false;
    const qulonglong value = text.toULongLong(&ok);
    if (!ok)
        throw flipbench::ConfigError(QStringLiteral("%1: \"%2\" is not a whole number").arg(where, text).toStdString());
    return value;
}

/// "1 setting", "3 settings" (no translation is loaded that would do plurals).
QString count(size_t n, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(n).arg(tr(n == 1 ? one : many));
}

} // namespace

std::vector<uint64_t> parseSeedList(const QString& text)
{
    std::vector<uint64_t> seeds;
    for (const QString& item : items(text)) {
        const int dash = item.indexOf(QLatin1Char('-'), 1);
        if (dash < 0) {
            seeds.push_back(wholeNumber(item, QStringLiteral("seeds")));
            continue;
        }
        const uint64_t first = wholeNumber(item.left(dash).trimmed(), QStringLiteral("seeds"));
        const uint64_t last = wholeNumber(item.mid(dash + 1).trimmed(), QStringLiteral("seeds"));
        if (last < first || last - first >= 1000)
            throw flipbench::ConfigError(
                QStringLiteral("seeds: \"%1\" is not a range from a smaller to a larger seed (at most 1000)")
                    .arg(item)
                    .toStdString());
        for (uint64_t seed = first; seed <= last; ++seed)
            seeds.push_back(seed);
    }
    if (seeds.empty())
        throw flipbench::ConfigError("seeds: give at least one seed, e.g. 1, 2, 3");
    if (std::set<uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size())
        throw flipbench::ConfigError("seeds: each seed once (two runs of one seed would be the same run)");
    return seeds;
}

nlohmann::json parseValueList(const QString& text)
{
    nlohmann::json values = nlohmann::json::array();
    for (const QString& item : items(text)) {
        const std::string raw = item.toStdString();
        const nlohmann::json parsed = nlohmann::json::parse(raw, nullptr, false);
        values.push_back(parsed.is_discarded() ? nlohmann::json(raw) : parsed);
    }
    return values;
}

nlohmann::json sweepSpecOf(const SweepDraft& draft)
{
    nlohmann::json spec;
    spec["name"] = draft.name.trimmed().toStdString();
    spec["base"] = draft.base.toStdString();
    nlohmann::json reference = nlohmann::json::array();
    for (const QString& run : draft.reference)
        reference.push_back(run.toStdString());
    spec["reference"] = reference; // written even when empty: a base run's own reference is cleared
    const std::vector<uint64_t> seeds = parseSeedList(draft.seeds);
    spec["seeds"] = seeds;
    nlohmann::json grid = nlohmann::json::object();
    for (int i = 0; i < draft.grid.size(); ++i) {
        const GridFieldDraft& field = draft.grid[i];
        const QString path = field.path.trimmed();
        if (path.isEmpty() && field.values.trimmed().isEmpty())
            continue; // an empty line of the grid table
        if (path.isEmpty())
            throw flipbench::ConfigError(
                QStringLiteral("grid line %1: choose the setting to vary").arg(i + 1).toStdString());
        const nlohmann::json values = parseValueList(field.values);
        if (values.empty())
            throw flipbench::ConfigError(
                QStringLiteral("grid, %1: give its values, separated by commas").arg(path).toStdString());
        if (grid.contains(path.toStdString()))
            throw flipbench::ConfigError(QStringLiteral("grid, %1: listed twice").arg(path).toStdString());
        grid[path.toStdString()] = values;
    }
    if (!grid.empty())
        spec["grid"] = grid;
    return spec;
}

std::optional<SweepDraft> draftOfSpec(const nlohmann::json& spec)
{
    static const std::set<std::string> formKeys = {"name", "base", "reference", "seeds", "grid"};
    if (!spec.is_object() || !spec.contains("base") || !spec["base"].is_string() || !spec.contains("seeds"))
        return std::nullopt;
    for (const auto& item : spec.items())
        if (!formKeys.count(item.key()))
            return std::nullopt;
    SweepDraft draft;
    draft.name = QString::fromStdString(spec.value("name", ""));
    draft.base = QString::fromStdString(spec["base"].get<std::string>());
    for (const auto& run : spec.value("reference", nlohmann::json::array())) {
        if (!run.is_string())
            return std::nullopt;
        draft.reference << QString::fromStdString(run.get<std::string>());
    }
    QStringList seeds;
    for (const auto& seed : spec["seeds"]) {
        if (!seed.is_number_unsigned())
            return std::nullopt;
        seeds << QString::number(seed.get<uint64_t>());
    }
    draft.seeds = seeds.join(QStringLiteral(", "));
    if (spec.contains("grid")) {
        if (!spec["grid"].is_object())
            return std::nullopt; // a list of grids: the file tab
        for (const auto& field : spec["grid"].items()) {
            if (!field.value().is_array())
                return std::nullopt;
            QStringList values;
            for (const auto& value : field.value())
                values << (value.is_string() ? QString::fromStdString(value.get<std::string>())
                                             : QString::fromStdString(value.dump()));
            draft.grid.append({QString::fromStdString(field.key()), values.join(QStringLiteral(", "))});
        }
    }
    return draft;
}

QStringList sweepableFields(const nlohmann::json& config)
{
    static const QSet<QString> setBySweep = {QStringLiteral("name"), QStringLiteral("train.seed"),
                                             QStringLiteral("method.reference"), QStringLiteral("data.path"),
                                             QStringLiteral("versions")};
    QStringList fields;
    const nlohmann::json flat = config.flatten(); // kept: items() refers to it
    for (const auto& item : flat.items()) {
        const std::string& pointer = item.key();
        // "/method/fd/temperature" -> "method.fd.temperature"; arrays are values of their own.
        QString path = QString::fromStdString(pointer).mid(1).replace(QLatin1Char('/'), QLatin1Char('.'));
        const int index = path.indexOf(QRegularExpression(QStringLiteral("\\.\\d+$")));
        if (index >= 0)
            path = path.left(index);
        if (!setBySweep.contains(path) && !path.startsWith(QStringLiteral("versions.")) && !fields.contains(path))
            fields << path;
    }
    fields.sort();
    return fields;
}

SweepPreview previewSweep(const nlohmann::json& spec, const QString& specDir, const QString& workspace,
                          const QString& dataPath)
{
    SweepPreview preview;
    try {
        const flipbench::SweepSpec parsed = flipbench::parseSweepSpec(spec, specDir.toStdString());
        const flipbench::SweepPlan plan = flipbench::expandSweep(
            parsed, dataPath.isEmpty() ? std::nullopt : std::optional<std::string>(dataPath.toStdString()));
        preview.runs = int(plan.runs.size());
        std::set<std::string> points;
        std::set<uint64_t> seeds;
        std::vector<flipbench::RunConfig> toTrain;
        std::vector<flipbench::SweepRunSurvey> surveys;
        if (!workspace.isEmpty())
            surveys = flipbench::surveySweep(plan, workspace.toStdString(), {/*retryFailed=*/true}); // as queued
        for (size_t i = 0; i < plan.runs.size(); ++i) {
            const flipbench::SweepRun& run = plan.runs[i];
            points.insert(run.arm + "\n" + run.point);
            seeds.insert(run.seed);
            preview.runNames << QString::fromStdString(run.name);
            const flipbench::SweepStep step = surveys.empty() ? flipbench::SweepStep::Train : surveys[i].step;
            if (step == flipbench::SweepStep::Train || step == flipbench::SweepStep::Resume ||
                step == flipbench::SweepStep::Retry)
                toTrain.push_back(run.config);
        }
        preview.settings = int(points.size());
        preview.toTrain = int(toTrain.size());
        const flipbench::TimeEstimate estimate =
            flipbench::estimateTrainingTime(toTrain, workspace.isEmpty() ? "." : workspace.toStdString());
        // Arms of other seed lists (an old model of one seed) make the product wrong: then the counts.
        QString counts =
            size_t(preview.runs) == points.size() * seeds.size()
                ? tr("%1 runs: %2 × %3")
                      .arg(preview.runs)
                      .arg(count(points.size(), "setting", "settings"), count(seeds.size(), "seed", "seeds"))
                : tr("%1 runs of %2").arg(preview.runs).arg(count(points.size(), "setting", "settings"));
        if (preview.toTrain < preview.runs)
            counts += tr(" (%1 to train or resume; the others completed before or are skipped)").arg(preview.toTrain);
        const QString time =
            estimate.known ? tr("%1 (%2)").arg(QString::fromStdString(flipbench::describeDuration(estimate.seconds)),
                                               QString::fromStdString(estimate.basis))
                           : tr("time unknown (%1)").arg(QString::fromStdString(estimate.basis));
        preview.summary = counts + QStringLiteral(" · ") + time;
    } catch (const std::exception& e) {
        preview.error = QString::fromUtf8(e.what());
    }
    return preview;
}

} // namespace flipbench::ui
