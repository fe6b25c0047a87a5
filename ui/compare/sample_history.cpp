#include "ui/compare/sample_history.h"

#include "flipbench/runs/run_summary.h"
#include "ui/runs/run_row.h"

#include <QObject>

namespace fs = std::filesystem;

namespace flipbench::ui {

namespace {

fs::path toPath(const QString& text)
{
    return fs::path(text.toStdU32String());
}

} // namespace

OtherRuns loadOtherRuns(const QStringList& runDirs, const Comparison& comparison)
{
    std::vector<fs::path> dirs;
    for (const QString& dir : runDirs)
        dirs.push_back(toPath(dir));
    // A and B as their keys: an ensemble key names no folder, so its members stay in.
    const std::vector<fs::path> exclude{toPath(comparison.pathA), toPath(comparison.pathB)};
    std::vector<int64_t> labels;
    labels.reserve(static_cast<size_t>(comparison.samples.size()));
    for (const SampleOutcome& s : comparison.samples)
        labels.push_back(s.label);

    OtherRuns others;
    others.predictions = loadOtherRunPredictions(dirs, exclude, labels, comparison.fingerprint.toStdString());
    for (size_t r = 0; r < others.predictions.paths.size(); ++r) {
        others.names << QString::fromStdString(others.predictions.names[r]);
        others.methods << methodOfModel(QString::fromStdU32String(others.predictions.paths[r].u32string()));
    }
    for (const std::string& reason : others.predictions.skipped)
        others.skipped << QString::fromStdString(reason);
    return others;
}

QString sampleHistoryText(const OtherRuns& others, const Comparison& comparison, int sample)
{
    if (sample < 0 || sample >= comparison.samples.size() || others.predictions.predictions.empty())
        return {};
    const SampleOutcome& s = comparison.samples[sample];
    std::vector<std::string> methods;
    for (const QString& method : others.methods)
        methods.push_back(method.toStdString());
    const auto fates = sampleHistory(others.predictions, methods, sample, s.label);
    QStringList lines;
    // A fixed order, so the panel reads the same for every sample.
    for (const std::string& method : flipbench::methodLabels()) {
        const auto it = fates.find(method);
        if (it == fates.end())
            continue;
        const auto [wrong, total] = it->second;
        const QString name = QString::fromStdString(method);
        lines << (s.aCorrect() ? QObject::tr("%1: negative flip in %2 of %3 runs").arg(name).arg(wrong).arg(total)
                               : QObject::tr("%1: correct in %2 of %3 runs").arg(name).arg(total - wrong).arg(total));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace flipbench::ui
