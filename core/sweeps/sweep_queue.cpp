#include "flipbench/sweeps/sweep_queue.h"

#include "flipbench/runs/run_session.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/sweeps/sweep_record.h"
#include "flipbench/util/errors.h"

namespace fs = std::filesystem;

namespace flipbench {

std::vector<QueuedSweepRun> queueSweepRuns(const SweepPlan& plan, const fs::path& workspace,
                                           const SweepOptions& options)
{
    const std::vector<SweepRunSurvey> surveys = surveySweep(plan, workspace, options); // refuses before writing
    fs::create_directories(workspace);
    writeSweepRecord(workspace, sweepRecordOf(plan, workspace));

    std::vector<QueuedSweepRun> queued;
    for (const SweepRunSurvey& survey : surveys) {
        const SweepRun& run = *survey.run;
        QueuedSweepRun entry{&run, survey.step, {}, survey.note};
        const SweepMembership membership = membershipOf(plan, run);
        switch (survey.step) {
        case SweepStep::Train: {
            entry.dir = createQueuedRun(resolveSweepReferences(plan, run, workspace), workspace).dir();
            // The folder's name is the run's (no folder of that name existed): the next survey finds it.
            if (entry.dir.filename() != run.name) {
                discardUnstartedRun(entry.dir); // the folder just made: nothing of it is left behind
                throw UserError("sweep \"" + plan.spec.name + "\": run " + run.name + " got the folder " +
                                entry.dir.filename().string() + "; its name is taken, rename the sweep");
            }
            writeSweepMembership(entry.dir, membership);
            break;
        }
        case SweepStep::Resume:
        case SweepStep::Retry:
            entry.dir = workspace / run.name;
            if (!readSweepMembership(entry.dir))
                writeSweepMembership(entry.dir, membership);
            break;
        case SweepStep::Done:
            entry.note = "completed before";
            break;
        case SweepStep::Elsewhere:
            entry.note = "training elsewhere (" + survey.note + ")";
            break;
        case SweepStep::Failed:
            entry.note = "failed before (" + survey.note + ")";
            break;
        }
        queued.push_back(entry);
    }
    return queued;
}

} // namespace flipbench
