#include "ui/curves/curve_store.h"

#include <QDir>

namespace flipbench::ui {

CurveStore::CurveStore(QObject* parent) : QObject(parent) {}

QString CurveStore::normalizedRunDir(const QString& runDir)
{
    return QDir::cleanPath(runDir);
}

RunCurves& CurveStore::entry(const QString& key)
{
    auto it = curves_.find(key);
    if (it == curves_.end())
        it = curves_.emplace(key, loadRunCurves(key)).first;
    return it->second;
}

const RunCurves& CurveStore::curves(const QString& runDir)
{
    return entry(normalizedRunDir(runDir));
}

bool CurveStore::contains(const QString& runDir) const
{
    return curves_.count(normalizedRunDir(runDir)) > 0;
}

void CurveStore::addProgress(const RunProgress& progress)
{
    if (progress.runDir.isEmpty() || (progress.steps.isEmpty() && progress.epochs_.isEmpty()))
        return; // reports of speed, ETA or messages only: nothing to draw
    const QString key = normalizedRunDir(progress.runDir);
    // Reading the file first keeps what was logged before this window saw the run; append() then
    // drops what the report repeats.
    RunCurves& runCurves = entry(key);
    const auto stepsBefore = runCurves.steps.size();
    const auto epochsBefore = runCurves.epochs.size();
    runCurves.append(progress);
    if (runCurves.steps.size() != stepsBefore || runCurves.epochs.size() != epochsBefore)
        Q_EMIT curvesChanged(key);
}

void CurveStore::forget(const QString& runDir)
{
    const QString key = normalizedRunDir(runDir);
    if (curves_.erase(key) > 0)
        Q_EMIT curvesChanged(key);
}

void CurveStore::clear()
{
    std::map<QString, RunCurves> old;
    old.swap(curves_);
    for (const auto& run : old)
        Q_EMIT curvesChanged(run.first);
}

} // namespace flipbench::ui
