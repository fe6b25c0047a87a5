// flipbench-cli sweep --slurm: a sweep submitted as SLURM job arrays; sweep-status: its runs from
// their folders and the scheduler's queue.

#include "cli/arguments.h"
#include "cli/commands.h"

#include <flipbench/cluster/slurm_submission.h>
#include <flipbench/cluster/sweep_cluster_status.h>
#include <flipbench/cluster/slurm_queue.h>
#include <flipbench/sweeps/sweep_runner.h>
#include <flipbench/util/errors.h>

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench::cli {

namespace {

int positiveCount(const Arguments& a, const std::string& option)
{
    const auto text = a.value(option);
    if (!text)
        return 0;
    try {
        size_t used = 0;
        const int value = std::stoi(*text, &used);
        if (used == text->size() && value >= 0)
            return value;
    } catch (const std::exception&) {
    }
    throw UsageError{"--" + option + " takes a whole number >= 0, got \"" + *text + "\""};
}

/// The flipbench-cli that the tasks run: --cli, or this very binary.
fs::path taskCli(const Arguments& a)
{
    if (const auto cli = a.value("cli")) {
        if (!fs::is_regular_file(*cli))
            throw UsageError{"--cli " + *cli + " is not a file; give the flipbench-cli the cluster's nodes run"};
        return fs::absolute(*cli);
    }
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (error)
        throw UsageError{"cannot tell where this flipbench-cli is (" + error.message() + "); give it with --cli PATH"};
    return self;
}

std::string ageText(const std::optional<double>& seconds)
{
    if (!seconds)
        return "";
    const long long s = static_cast<long long>(*seconds);
    return s < 120 ? std::to_string(s) + " s ago" : std::to_string(s / 60) + " min ago";
}

} // namespace

int commandSweepSlurm(const std::vector<std::string>& args)
{
    const Arguments a(args,
                      {"workspace", "data", "partition", "gpus-per-task", "time", "max-parallel", "sbatch-arg", "cli"},
                      {"slurm", "no-submit", "retry-failed"});
    a.requirePositionals(1, "SPEC.json");
    const fs::path workspace = fs::absolute(a.required("workspace"));
    const auto data = a.value("data");
    const SweepPlan plan = expandSweep(readSweepSpec(a.positionals()[0]),
                                       data ? std::optional<std::string>(fs::absolute(*data).string()) : std::nullopt);
    SlurmOptions options;
    options.partition = a.value("partition").value_or("");
    options.gpusPerTask = positiveCount(a, "gpus-per-task");
    options.time = a.value("time").value_or("");
    options.maxParallel = positiveCount(a, "max-parallel");
    options.sbatchArgs = a.values("sbatch-arg");
    options.submitting = !a.flag("no-submit");
    SweepOptions sweepOptions;
    sweepOptions.retryFailed = a.flag("retry-failed");

    const SlurmSubmission submission = prepareSlurmSubmission(plan, workspace, taskCli(a), options, sweepOptions);
    for (const std::string& skipped : submission.skipped)
        std::fprintf(stderr, "left out %s\n", skipped.c_str());
    size_t runs = 0;
    for (const SlurmStage& stage : submission.stages)
        runs += stage.runs.size();
    std::fprintf(stderr, "Sweep %s: %zu runs, %d completed before, %zu to train in %zu array job(s)\n",
                 plan.spec.name.c_str(), plan.runs.size(), submission.completedBefore, runs, submission.stages.size());
    if (submission.stages.empty())
        return submission.skipped.empty() ? kExitOk : kExitRunFailed;
    for (const SlurmStage& stage : submission.stages)
        std::fprintf(stderr, "  %s: %zu task(s)\n", submission.layout.stageScript(stage.index).string().c_str(),
                     stage.runs.size());
    const std::string submit = "bash " + shellQuoted(submission.layout.submitScript().string());
    if (a.flag("no-submit")) {
        std::fprintf(stderr, "Not submitted (--no-submit). To submit, run:\n");
        std::printf("%s\n", submit.c_str());
        return kExitOk;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    const int status = std::system(submit.c_str());
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr,
                     "flipbench-cli sweep: submitting failed (sbatch's message above). The runs are queued in the "
                     "workspace; once sbatch works, run this again (stages submitted already are skipped):\n  %s\n",
                     submit.c_str());
        return kExitRunFailed;
    }
    std::fprintf(stderr, "Follow it with: flipbench-cli sweep-status %s --sweep %s\n",
                 shellQuoted(workspace.string()).c_str(), plan.spec.name.c_str());
    return kExitOk;
}

int commandSweepStatus(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace", "sweep"}, {});
    if (a.positionals().size() > 1 || (a.positionals().size() == 1 && a.value("workspace")))
        throw UsageError{"give the workspace once: sweep-status WORKSPACE [--sweep NAME]"};
    const fs::path workspace = fs::absolute(a.positionals().empty() ? a.required("workspace") : a.positionals()[0]);
    std::vector<std::string> sweeps;
    if (const auto sweep = a.value("sweep"))
        sweeps.push_back(*sweep);
    else
        sweeps = slurmSweeps(workspace);
    if (sweeps.empty())
        throw UserError("no sweep of " + workspace.string() +
                        " has been submitted to SLURM (flipbench-cli sweep SPEC --workspace DIR --slurm)");
    std::vector<std::string> jobs;
    for (const std::string& sweep : sweeps)
        for (const std::string& job : slurmJobsOf(workspace, sweep))
            jobs.push_back(job);
    const SlurmQueueView view = querySlurm(jobs);
    if (!view.queueAvailable)
        std::fprintf(stderr, "note: the SLURM queue cannot be asked from here (%s); showing the run folders only\n",
                     view.queueError.c_str());
    else if (!view.accountingAvailable && !jobs.empty())
        std::fprintf(stderr, "note: this cluster keeps no accounting (sacct), so tasks that left the queue show "
                             "only what their run folders say\n");
    int unfinished = 0, failed = 0;
    for (const std::string& sweep : sweeps) {
        const std::vector<ClusterRunStatus> rows = sweepClusterStatus(workspace, sweep, view);
        std::printf("Sweep %s\n", sweep.c_str());
        std::printf("  %-36s %-5s %-10s %-13s %-8s %-14s %s\n", "run", "task", "job", "state", "epochs", "host",
                    "scheduler");
        for (const ClusterRunStatus& row : rows) {
            const std::string task = std::to_string(row.stage) + "." + std::to_string(row.task);
            const std::string epochs = std::to_string(row.epochsDone) + "/" + std::to_string(row.epochs);
            std::string host = row.host;
            if (row.state == "running" || row.state == "stale")
                host += " " + ageText(row.heartbeatAgeSeconds);
            std::printf("  %-36s %-5s %-10s %-13s %-8s %-14s %s\n", row.run.c_str(), task.c_str(),
                        row.job.empty() ? "-" : (row.job + "_" + std::to_string(row.task)).c_str(), row.state.c_str(),
                        epochs.c_str(), host.empty() ? "-" : host.c_str(),
                        row.scheduler.empty() ? "-" : row.scheduler.c_str());
            if (row.state == "failed" || row.state == "stopped" || row.state == "stale" ||
                row.detail.find("never start") != std::string::npos) {
                if (!row.detail.empty())
                    std::printf("      %s\n", row.detail.c_str());
                if (!row.errorFile.empty())
                    std::printf("      error file: %s%s\n", row.errorFile.string().c_str(),
                                row.errorLine.empty() ? " (empty)" : (": " + row.errorLine).c_str());
                if (!row.resubmit.empty())
                    std::printf("      run it again: %s\n", row.resubmit.c_str());
            }
            unfinished += row.state != "done";
            failed += row.state == "failed" || row.state == "stopped";
        }
    }
    // 0: all done; 1: some failed or stopped; otherwise still going (0 too: not an error).
    return failed > 0 ? kExitRunFailed : kExitOk;
}

} // namespace flipbench::cli
