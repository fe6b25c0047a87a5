#include "flipbench/cluster/sweep_cluster_status.h"

#include "flipbench/cluster/slurm_script.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/util/errors.h"

#include <algorithm>
#include <fstream>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

std::string lastLineOf(const fs::path& file)
{
    std::ifstream in(file);
    std::string line, last;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            last = line;
    return last;
}

void readFolder(ClusterRunStatus& row, const fs::path& dir)
{
    std::error_code error;
    if (!fs::exists(dir / "status.json", error)) {
        row.folderState = "missing";
        return;
    }
    try {
        const RunStatus status = RunFolder::open(dir).readStatus();
        row.folderState = toString(status.state);
        row.epochsDone = status.epochsDone;
        row.epochs = status.epochs;
        row.host = status.host;
        row.heartbeatAgeSeconds = status.heartbeatAgeSeconds;
        row.detail = status.message;
        if (status.state == RunState::Running)
            row.state = status.stale ? "stale" : "running";
        else if (status.state == RunState::Completed)
            row.state = "done";
        else if (status.state == RunState::Failed)
            row.state = "failed";
        else if (status.state == RunState::Cancelled || status.state == RunState::Interrupted)
            row.state = "stopped";
        else
            row.state = "queued";
    } catch (const std::exception& e) {
        row.folderState = "unreadable";
        row.state = "failed";
        row.detail = e.what();
    }
}

/// The scheduler's word joined in. Its task is found by the array's name and the task id, so that
/// a task run again alone (a new job of the same name) counts. A run whose task is in the queue
/// waits or starts, whatever its folder said before; one whose task has left the queue without
/// finishing it has failed or stopped (its error file says why).
void joinScheduler(ClusterRunStatus& row, const SlurmQueueView& view, const std::string& arrayName)
{
    if (row.job.empty() && row.state == "queued") {
        row.state = "not submitted";
        return;
    }
    const SlurmQueueEntry* entry = view.queuedByName(arrayName, row.task);
    if (!entry && !row.job.empty())
        entry = view.queued(row.job, row.task);
    if (entry) {
        row.job = entry->job; // the job that will train it now: a task run again alone has a new id
        row.scheduler =
            entry->state + (entry->reason.empty() || entry->reason == "None" ? "" : " (" + entry->reason + ")");
        if (row.state != "running" && row.state != "stale" && row.state != "done")
            row.state = entry->state == "RUNNING" ? "starting" : "queued";
        if (entry->reason == "DependencyNeverSatisfied")
            row.detail = "an earlier stage did not succeed, so this task will never start: run the failed task(s) of "
                         "stage " +
                         std::to_string(row.stage - 1) + " again, and once they are done scancel job " + entry->job +
                         " and submit this stage again";
        return;
    }
    if (const SlurmAccountingEntry* accounted = view.accounted(row.job, row.task))
        row.scheduler = accounted->state + (accounted->exitCode.empty() ? "" : " " + accounted->exitCode);
    if (row.state == "done" || row.state == "failed" || row.state == "stopped")
        return;
    if (!view.queueAvailable) {
        if (row.state == "queued")
            row.detail = "the scheduler cannot be asked from here (" + view.queueError + ")";
        return;
    }
    if (row.state == "queued") {
        row.state = "failed";
        row.detail = "its task is no longer in the SLURM queue but the run never started";
    } else { // running or stale in its folder, but no task of the scheduler trains it
        row.state = "stopped";
        row.detail = "its task has left the SLURM queue without finishing the run (killed, or its node failed); "
                     "it resumes from epoch " +
                     std::to_string(row.epochsDone) + " when run again";
    }
}

} // namespace

std::vector<ClusterRunStatus> sweepClusterStatus(const fs::path& workspace, const std::string& sweep,
                                                 const SlurmQueueView& view)
{
    const SlurmLayout layout = slurmLayoutOf(workspace, sweep);
    const std::vector<SlurmStage> stages = readSlurmStages(layout);
    if (stages.empty())
        throw UserError("sweep \"" + sweep + "\" has not been submitted to SLURM in " + layout.workspace.string() +
                        " (no " + (layout.dir / "tasks.json").string() +
                        "); submit it with flipbench-cli sweep SPEC "
                        "--workspace " +
                        layout.workspace.string() + " --slurm");
    const std::vector<std::string> jobs = readSlurmJobs(layout, stages.size());
    std::vector<ClusterRunStatus> rows;
    for (size_t k = 0; k < stages.size(); ++k) {
        for (size_t i = 0; i < stages[k].runs.size(); ++i) {
            ClusterRunStatus row;
            row.run = stages[k].runs[i];
            row.stage = stages[k].index;
            row.task = static_cast<int>(i);
            row.job = jobs[k];
            readFolder(row, layout.workspace / row.run);
            joinScheduler(row, view, "flipbench-" + sweep + "-" + std::to_string(row.stage));
            if (row.state == "failed" || row.state == "stopped") {
                row.errorFile = layout.errorFile(row.stage, row.task);
                row.errorLine = lastLineOf(row.errorFile);
                row.resubmit = "sbatch --array=" + std::to_string(row.task) + " " +
                               shellQuoted(layout.stageScript(row.stage).string());
            }
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

std::vector<std::string> slurmSweeps(const fs::path& workspace)
{
    std::vector<std::string> sweeps;
    std::error_code error;
    for (fs::directory_iterator it(workspace / "slurm", error), end; !error && it != end; it.increment(error))
        if (fs::exists(it->path() / "tasks.json"))
            sweeps.push_back(it->path().filename().string());
    std::sort(sweeps.begin(), sweeps.end());
    return sweeps;
}

std::vector<std::string> slurmJobsOf(const fs::path& workspace, const std::string& sweep)
{
    const SlurmLayout layout = slurmLayoutOf(workspace, sweep);
    std::vector<std::string> jobs;
    for (const std::string& job : readSlurmJobs(layout, readSlurmStages(layout).size()))
        if (!job.empty())
            jobs.push_back(job);
    return jobs;
}

} // namespace flipbench
