#include "ui/new_sweep/sweep_jobs.h"

#include <flipbench/config/run_config.h>
#include <flipbench/sweeps/sweep_plan.h>
#include <flipbench/sweeps/sweep_queue.h>

#include <QFileInfo>

namespace flipbench::ui {

QString sweepSpecFile(const QString& workspace, const QString& name)
{
    return workspace + QStringLiteral("/sweeps/specs/") + name + QStringLiteral(".json");
}

SweepJobs prepareSweepJobs(const nlohmann::json& spec, const QString& specDir, const QString& workspace,
                           const QString& dataPath)
{
    const flipbench::SweepPlan plan =
        flipbench::expandSweep(flipbench::parseSweepSpec(spec, specDir.toStdString()),
                               dataPath.isEmpty() ? std::nullopt : std::optional<std::string>(dataPath.toStdString()));
    SweepJobs result;
    result.name = QString::fromStdString(plan.spec.name);
    result.planId = QStringLiteral("sweep:") + result.name;
    result.runs = int(plan.runs.size());
    // Failed runs are trained again: in the GUI's queue a run whose reference was cancelled is
    // marked failed ("not started"), and resuming the sweep must pick it up.
    flipbench::SweepOptions options;
    options.retryFailed = true;
    for (const flipbench::QueuedSweepRun& queued : flipbench::queueSweepRuns(plan, workspace.toStdString(), options)) {
        const QString name = QString::fromStdString(queued.run->name);
        if (queued.step == flipbench::SweepStep::Done) {
            ++result.completedBefore;
            continue;
        }
        if (queued.dir.empty()) {
            result.notes << name + QStringLiteral(": ") + QString::fromStdString(queued.note);
            continue;
        }
        TrainingJob job;
        job.workspace = workspace;
        job.runDir = QString::fromStdString(queued.dir.string());
        job.planId = result.planId;
        job.displayName = name;
        if (queued.step == flipbench::SweepStep::Train) {
            job.kind = TrainingJob::Kind::NewRun;
            job.config = flipbench::resolveSweepReferences(plan, *queued.run, workspace.toStdString());
        } else {
            job.kind = TrainingJob::Kind::Resume;
        }
        result.jobs << job;
    }
    return result;
}

} // namespace flipbench::ui
