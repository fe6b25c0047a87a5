#include "ui/compare/sample_history.h"

#include "ui/runs/run_row.h"

#include "flipbench/runs/run_predictions.h"

#include <torch/torch.h>

#include <QFileInfo>
#include <QMap>

#include <exception>

namespace flipbench::ui {

namespace {

bool sameLabels(const torch::Tensor& labels, const Comparison& comparison)
{
    if (labels.numel() != comparison.samples.size())
        return false;
    const auto y = labels.to(torch::kInt64).contiguous();
    const int64_t* p = y.data_ptr<int64_t>();
    for (int i = 0; i < comparison.samples.size(); ++i)
        if (p[i] != comparison.samples[i].label)
            return false;
    return true;
}

} // namespace

OtherRuns loadOtherRuns(const QStringList& runDirs, const Comparison& comparison)
{
    OtherRuns others;
    for (const QString& dir : runDirs) {
        // A and B themselves are what is being compared; ensemble members are other models.
        if (dir == comparison.pathA || dir == comparison.pathB)
            continue;
        const QString name = QFileInfo(dir).fileName();
        try {
            const RunPredictions p = loadPredictions(std::filesystem::path(dir.toStdU32String()));
            const bool otherFingerprint = !comparison.fingerprint.isEmpty() && !p.fingerprint.empty() &&
                                          QString::fromStdString(p.fingerprint) != comparison.fingerprint;
            if (otherFingerprint || !sameLabels(p.labels, comparison)) {
                others.skipped << QStringLiteral("%1: another test set").arg(name);
                continue;
            }
            const auto predicted = p.predictions.to(torch::kInt64).contiguous();
            const int64_t* q = predicted.data_ptr<int64_t>();
            QVector<qint16> row(comparison.samples.size());
            for (int i = 0; i < row.size(); ++i)
                row[i] = static_cast<qint16>(q[i]);
            others.names << name;
            others.methods << methodOfModel(dir);
            others.predictions.append(row);
        } catch (const std::exception& e) {
            others.skipped << QStringLiteral("%1: %2").arg(name, QString::fromUtf8(e.what()));
        }
    }
    return others;
}

QString sampleHistoryText(const OtherRuns& others, const Comparison& comparison, int sample)
{
    if (sample < 0 || sample >= comparison.samples.size() || others.predictions.isEmpty())
        return {};
    const SampleOutcome& s = comparison.samples[sample];
    // Per method: how many runs got the sample wrong and how many runs there are, in a fixed order.
    QMap<QString, QPair<int, int>> counts;
    for (int r = 0; r < others.predictions.size(); ++r) {
        auto& [wrong, total] = counts[others.methods.value(r)];
        wrong += others.predictions[r].value(sample) != s.label ? 1 : 0;
        ++total;
    }
    QStringList lines;
    for (const QString& method : {QStringLiteral("Baseline"), QStringLiteral("FD"), QStringLiteral("LDI"),
                                  QStringLiteral("ELODI"), QStringLiteral("Imported")}) {
        if (!counts.contains(method))
            continue;
        const auto [wrong, total] = counts.value(method);
        lines << (s.aCorrect() ? QObject::tr("%1: negative flip in %2 of %3 runs").arg(method).arg(wrong).arg(total)
                               : QObject::tr("%1: correct in %2 of %3 runs").arg(method).arg(total - wrong).arg(total));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace flipbench::ui
