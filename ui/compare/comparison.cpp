// Thin adapter: the core compares (flipbench/compare/model_comparison.h); this converts to Qt types.

#include "ui/compare/comparison.h"

#include "ui/compare/model_source.h"

namespace flipbench::ui {

namespace {

QString toQString(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

qint64 Comparison::negativeFlipsAt(int t, int p) const
{
    const auto& m = report.negativeFlipMatrix;
    if (t < 0 || p < 0 || t >= static_cast<int>(m.size()) || p >= static_cast<int>(m[static_cast<size_t>(t)].size()))
        return 0;
    return m[static_cast<size_t>(t)][static_cast<size_t>(p)];
}

Comparison fromCore(const ModelComparison& core)
{
    Comparison c;
    c.nameA = toQString(core.nameA);
    c.nameB = toQString(core.nameB);
    c.pathA = toQString(core.pathA);
    c.pathB = toQString(core.pathB);
    for (const auto& name : core.classNames)
        c.classNames << toQString(name);
    c.numClasses = core.numClasses;
    c.samples = QVector<SampleOutcome>(core.samples.begin(), core.samples.end());
    c.probsA = QVector<float>(core.probsA.begin(), core.probsA.end());
    c.probsB = QVector<float>(core.probsB.begin(), core.probsB.end());
    c.report = core.report;
    c.fingerprint = toQString(core.fingerprint);
    c.note = toQString(core.note);
    c.imageSourceDir = toQString(core.imageSourceDir);
    c.testLimit = core.testLimit;
    c.hasProbabilities = core.hasProbabilities;
    return c;
}

Comparison computeComparison(const QString& pathA, const QString& pathB)
{
    Comparison c = fromCore(compareModelSources(toModelSource(pathA), toModelSource(pathB)));
    c.pathA = pathA; // the key, so an ensemble can be compared again and swapped
    c.pathB = pathB;
    return c;
}

Comparison comparisonFromLogits(const QVector<float>& logitsA, const QVector<float>& logitsB,
                                const QVector<qint64>& labels, int numClasses, const QStringList& classNames)
{
    std::vector<std::string> names;
    for (const QString& name : classNames)
        names.push_back(name.toStdString());
    return fromCore(flipbench::comparisonFromLogits(
        std::vector<float>(logitsA.begin(), logitsA.end()), std::vector<float>(logitsB.begin(), logitsB.end()),
        std::vector<int64_t>(labels.begin(), labels.end()), numClasses, names));
}

} // namespace flipbench::ui
