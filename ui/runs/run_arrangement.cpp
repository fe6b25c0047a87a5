#include "ui/runs/run_arrangement.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <utility>

namespace flipbench::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("flipbench::ui::RunTableModel", text);
}

/// `members` (indexes into `runs`) in their plan's training order: a queued run that starts is
/// created anew, which moves it last in workspace order.
QVector<int> inPlanOrder(const QVector<RunRow>& runs, QVector<int> members)
{
    std::stable_sort(members.begin(), members.end(),
                     [&](int a, int b) { return runs[a].planPosition < runs[b].planPosition; });
    return members;
}

RunRow planGroupRow(const QVector<RunRow>& runs, const QVector<int>& runIndexes)
{
    using flipbench::RunState;
    const RunRow& first = runs[runIndexes.first()];
    auto figures = std::make_shared<RunGroupFigures>();
    figures->key = QStringLiteral("plan:") + first.planKey;
    figures->label = first.planLabel;
    RunRow group;
    group.isGroup = true;
    group.planKey = first.planKey;
    group.planLabel = first.planLabel;
    group.name = first.planLabel;
    group.created = first.created;
    group.device = first.device;
    QStringList methods, references, archs;
    int completed = 0, running = 0, queued = 0, failed = 0, stopped = 0;
    double progress = 0, seconds = 0;
    for (const int i : runIndexes) {
        const RunRow& run = runs[i];
        if (!run.dir.isEmpty())
            figures->runDirs.append(run.dir);
        for (auto [list, value] : {std::pair{&methods, run.method}, {&references, run.reference}, {&archs, run.arch}})
            if (!value.isEmpty() && !list->contains(value))
                list->append(value);
        if (run.device != group.device)
            group.device.clear();
        if (run.hasDuration())
            seconds += run.durationSeconds();
        switch (run.state) {
        case RunState::Completed:
            ++completed;
            progress += 1;
            break;
        case RunState::Running:
        case RunState::Preparing:
            ++running;
            progress += run.progress;
            break;
        case RunState::Queued:
            ++queued;
            break;
        case RunState::Failed:
        case RunState::Skipped:
            ++failed;
            break;
        default: // interrupted or cancelled: resumable
            ++stopped;
            progress += run.epochs > 0 ? double(run.epochsDone) / run.epochs : 0;
            break;
        }
    }
    group.figures = figures;
    group.method = methods.join(QStringLiteral(", "));
    group.reference = references.join(QStringLiteral(", "));
    group.arch = archs.join(QStringLiteral(", "));
    group.trainingSeconds = seconds;
    // A plan trained by the CLI makes each folder as its run starts: while the plan is under way,
    // the runs without a folder are still to come; once nothing runs or waits, they were not run
    // (deleted, taken off the queue, skipped, or the plan was stopped).
    const int size = std::max(int(runIndexes.size()), first.planSize);
    const int missing = size - int(runIndexes.size());
    const bool underWay = running + queued > 0;
    if (underWay)
        queued += missing;
    const int notRun = underWay ? 0 : missing;
    group.planSize = size;
    group.progress = progress / size;
    // The plan is as far as its least advanced run: running while any runs, then waiting, then
    // failed, then stopped; completed only when every run is.
    group.state = running > 0   ? RunState::Running
                  : queued > 0  ? RunState::Queued
                  : failed > 0  ? RunState::Failed
                  : stopped > 0 ? RunState::Cancelled
                  : notRun > 0  ? RunState::Skipped
                                : RunState::Completed;
    // Short: the Status column is as wide as "epoch 30/30 · 4:07 left" (the tooltip says it all).
    QStringList parts{tr("%1/%2 done").arg(completed).arg(size)};
    if (running > 0)
        parts << tr("%1 running").arg(running);
    if (queued > 0)
        parts << tr("%1 waiting").arg(queued);
    if (failed > 0)
        parts << tr("%1 failed").arg(failed);
    if (stopped > 0)
        parts << tr("%1 stopped").arg(stopped);
    if (notRun > 0)
        parts << tr("%1 not run").arg(notRun);
    group.message = parts.join(QStringLiteral(" · "));
    group.planProgress = parts.first();
    if (failed > 0)
        group.planProgress += QStringLiteral(" · ") + tr("%1 failed").arg(failed);
    if (notRun > 0)
        group.planProgress += QStringLiteral(" · ") + tr("%1 not run").arg(notRun);
    return group;
}

} // namespace

RunRow withOwnFigures(const RunRow& run, const SharedGroupFigures& groups)
{
    RunRow row = run;
    if (run.dir.isEmpty() || run.state != flipbench::RunState::Completed)
        return row;
    for (const auto& figures : groups)
        if (figures->runDirs.size() == 1 && figures->runDirs.first() == run.dir) {
            row.figures = figures;
            break;
        }
    return row;
}

QVector<RunRow> arrangeBySeeds(const QVector<RunRow>& runs, const SharedGroupFigures& groups)
{
    QHash<QString, int> groupOfDir;
    for (int g = 0; g < groups.size(); ++g)
        for (const QString& dir : groups[g]->runDirs)
            groupOfDir.insert(dir, g);
    const auto groupOf = [&](const RunRow& run) {
        return run.dir.isEmpty() || run.state != flipbench::RunState::Completed ? -1 : groupOfDir.value(run.dir, -1);
    };
    QVector<QVector<int>> present(groups.size()); // each group's runs that are in the table
    for (int i = 0; i < runs.size(); ++i)
        if (const int g = groupOf(runs[i]); g >= 0)
            present[g].append(i);

    QVector<RunRow> rows;
    rows.reserve(runs.size() + groups.size());
    QSet<int> placed;
    for (const RunRow& run : runs) {
        const int g = groupOf(run);
        if (g < 0 || present[g].size() < 2) {
            // A run of its own shows its intervals; a group of which only one run is left does not
            // describe that run alone.
            rows.append(withOwnFigures(run, groups));
            continue;
        }
        if (placed.contains(g))
            continue;
        placed.insert(g);
        const RunRow& first = runs[present[g].first()];
        RunRow group;
        group.isGroup = true;
        group.figures = groups[g];
        group.name = groups[g]->label;
        group.method = first.method;
        group.reference = first.reference;
        group.arch = first.arch;
        group.state = flipbench::RunState::Completed;
        group.device = first.device;
        group.created = first.created;
        group.epochs = group.epochsDone = first.epochs;
        double seconds = 0;
        for (const int i : present[g]) {
            seconds += runs[i].durationSeconds();
            if (runs[i].device != group.device)
                group.device.clear();
        }
        group.trainingSeconds = seconds;
        rows.append(group);
        for (const int i : present[g]) {
            RunRow member = runs[i];
            member.groupKey = group.key();
            rows.append(member);
        }
    }
    return rows;
}

QVector<RunRow> arrangeByPlans(const QVector<RunRow>& runs, const SharedGroupFigures& groups)
{
    QHash<QString, QVector<int>> members; // plan -> its runs, as indexes into runs
    for (int i = 0; i < runs.size(); ++i)
        if (!runs[i].planKey.isEmpty())
            members[runs[i].planKey].append(i);
    QVector<RunRow> rows;
    rows.reserve(runs.size() + members.size());
    QSet<QString> placed;
    for (const RunRow& run : runs) {
        const auto plan = members.constFind(run.planKey);
        if (run.planKey.isEmpty() || plan->size() < 2) {
            rows.append(withOwnFigures(run, groups)); // a plan of which one run is left is that run
            continue;
        }
        if (placed.contains(run.planKey))
            continue;
        placed.insert(run.planKey);
        const QVector<int> ordered = inPlanOrder(runs, *plan);
        const RunRow group = planGroupRow(runs, ordered);
        rows.append(group);
        for (const int i : ordered) {
            RunRow member = withOwnFigures(runs[i], groups);
            member.groupKey = group.key();
            rows.append(member);
        }
    }
    return rows;
}

QVector<RunRow> arrangeUngrouped(const QVector<RunRow>& runs, const SharedGroupFigures& groups)
{
    QVector<RunRow> rows;
    rows.reserve(runs.size());
    for (const RunRow& run : runs)
        rows.append(withOwnFigures(run, groups));
    return rows;
}

std::optional<RunRow> planRowOf(const QVector<RunRow>& runs, const QString& planKey)
{
    QVector<int> members;
    for (int i = 0; i < runs.size(); ++i)
        if (!planKey.isEmpty() && runs[i].planKey == planKey)
            members.append(i);
    if (members.size() < 2)
        return std::nullopt;
    return planGroupRow(runs, inPlanOrder(runs, members));
}

} // namespace flipbench::ui
