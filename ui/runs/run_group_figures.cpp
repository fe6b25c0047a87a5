#include "ui/runs/run_group_figures.h"

#include <flipbench/statistics/group_table.h>
#include <flipbench/statistics/group_table_format.h>

#include <QCoreApplication>
#include <QFileInfo>

#include <exception>
#include <filesystem>

namespace flipbench::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RunGroupFigures", text);
}

QString intervalWords(const flipbench::RateEstimate& estimate)
{
    if (estimate.n >= 2)
        return tr("over %1 seeds; the 95% interval counts both the seeds and the test samples").arg(estimate.n);
    return tr("one run; its 95% interval comes from resampling the test samples");
}

RateCell cellOf(const flipbench::RateEstimate& estimate, const QString& what)
{
    RateCell cell;
    cell.text = QString::fromStdString(flipbench::formatEstimateCompact(estimate));
    cell.toolTip = QStringLiteral("%1: %2\n%3")
                       .arg(what, QString::fromStdString(flipbench::formatEstimate(estimate)), intervalWords(estimate));
    cell.mean = estimate.mean;
    return cell;
}

RunGroupFigures figuresOf(const flipbench::GroupRow& row, const QString& against)
{
    RunGroupFigures figures;
    figures.label = QString::fromStdString(row.group.label);
    for (const auto& run : row.group.runs)
        figures.runDirs << QString::fromStdString(run.string());
    figures.key = QStringLiteral("group:") + figures.runDirs.value(0);
    figures.accuracy = cellOf(row.accuracy, tr("Test accuracy"));
    if (row.nfr)
        figures.nfr = cellOf(*row.nfr, tr("NFR against the old model %1").arg(against));
    if (row.pfr)
        figures.pfr = cellOf(*row.pfr, tr("PFR against the old model %1").arg(against));
    return figures;
}

} // namespace

RunGroupsSnapshot measureRunGroups(const QStringList& completedRunDirs)
{
    RunGroupsSnapshot snapshot;
    std::vector<std::filesystem::path> runs;
    for (const QString& dir : completedRunDirs)
        runs.emplace_back(dir.toStdString());
    if (runs.empty())
        return snapshot;
    try {
        const flipbench::GroupTable table = flipbench::buildGroupTable(runs, {});
        snapshot.oldModel = QString::fromStdString(table.old);
        for (const flipbench::GroupRow& row : table.rows)
            snapshot.groups.append(figuresOf(row, snapshot.oldModel));
        if (table.noiseFloor.n > 0)
            snapshot.noiseFloor = QString::fromStdString(flipbench::noiseFloorSentence(table));
        return snapshot;
    } catch (const std::exception& error) {
        // Core's wording names the CLI's --old; here the remedy is to train against an old model.
        const std::string what = error.what();
        snapshot.note = what.rfind("no run names a single old model", 0) == 0
                            ? tr("Groups show their accuracy only: no run is trained against an old model yet.")
                            : QString::fromStdString(what);
    }
    // No old model (or one the runs cannot be measured against): the groups with their accuracy.
    try {
        for (const flipbench::GroupRow& row : flipbench::accuracyGroups(runs))
            snapshot.groups.append(figuresOf(row, {}));
    } catch (const std::exception& error) {
        // Runs on several test sets (demo data and CIFAR-10 in one workspace): no group is measured.
        snapshot.groups.clear();
        snapshot.note = tr("Groups of seeds are not shown: %1").arg(QString::fromStdString(error.what()));
    }
    return snapshot;
}

} // namespace flipbench::ui
