// flipbench-cli sweep: a grid of settings over several seeds, trained resumably; and summary: the
// group table (mean ± sd, intervals, differences from retraining, choices made on validation).

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/interrupt_guard.h"
#include "cli/terminal_progress.h"

#include <flipbench/runs/run_summary.h>
#include <flipbench/statistics/group_table.h>
#include <flipbench/statistics/group_table_format.h>
#include <flipbench/sweeps/sweep_estimate.h>
#include <flipbench/sweeps/sweep_record.h>
#include <flipbench/sweeps/sweep_runner.h>
#include <flipbench/util/errors.h>

#include <cstdio>

namespace fs = std::filesystem;

namespace flipbench::cli {

namespace {

std::string referenceText(const SweepRun& run)
{
    std::string text;
    for (const auto& reference : run.config.method.reference)
        text += (text.empty() ? "" : ",") + fs::path(reference).filename().string();
    return text.empty() ? "-" : text;
}

std::vector<RunConfig> configsToTrain(const std::vector<SweepRunSurvey>& surveys)
{
    std::vector<RunConfig> configs;
    for (const SweepRunSurvey& s : surveys)
        if (s.step == SweepStep::Train || s.step == SweepStep::Resume || s.step == SweepStep::Retry)
            configs.push_back(s.run->config);
    return configs;
}

std::string estimateText(const std::vector<RunConfig>& configs, const fs::path& workspace)
{
    const TimeEstimate estimate = estimateTrainingTime(configs, workspace);
    return estimate.known ? describeDuration(estimate.seconds) + " (" + estimate.basis + ")"
                          : "time unknown (" + estimate.basis + ")";
}

/// Progress of a sweep on stderr: one line per run, the training's own progress below it.
class SweepReport final : public SweepObserver {
public:
    SweepReport(const SweepPlan& plan, fs::path workspace, const std::vector<SweepRunSurvey>& surveys)
        : plan_(plan), workspace_(std::move(workspace)), remaining_(configsToTrain(surveys)), progress_(stderr)
    {
    }

    void runStarting(const SweepRunSurvey& survey, int index, int count) override
    {
        const SweepRun& run = *survey.run;
        std::fprintf(stderr, "\n[%d/%d] %s %s (%s%sseed %llu); sweep time left %s\n", index, count,
                     survey.step == SweepStep::Train ? "training" : "resuming", run.name.c_str(),
                     run.arm.empty() ? "" : ("arm " + run.arm + ", ").c_str(),
                     run.point.empty() ? "" : (run.point + ", ").c_str(), static_cast<unsigned long long>(run.seed),
                     estimateText(remaining_, workspace_).c_str());
        if (!remaining_.empty())
            remaining_.erase(remaining_.begin());
    }
    void runFinished(const SweepRunSurvey& survey, const TrainOutcome& outcome) override
    {
        std::fprintf(stderr, "%s %s: %s\n", survey.run->name.c_str(), toString(outcome.state).c_str(),
                     outcome.message.c_str());
    }
    void runSkipped(const SweepRunSurvey& survey, const std::string& why) override
    {
        std::fprintf(stderr, "skipped %s: %s\n", survey.run->name.c_str(), why.c_str());
    }
    ProgressSink& progress() override { return progress_; }

private:
    const SweepPlan& plan_;
    fs::path workspace_;
    std::vector<RunConfig> remaining_;
    TerminalProgress progress_;
};

} // namespace

int commandSweep(const std::vector<std::string>& args)
{
    for (const std::string& arg : args)
        if (arg == "--slurm")
            return commandSweepSlurm(args);
    const Arguments a(args, {"workspace", "data"}, {"dry-run", "retry-failed"});
    a.requirePositionals(1, "SPEC.json");
    const fs::path workspace = fs::absolute(a.required("workspace"));
    const auto data = a.value("data");
    const SweepSpec spec = readSweepSpec(a.positionals()[0]);
    const SweepPlan plan =
        expandSweep(spec, data ? std::optional<std::string>(fs::absolute(*data).string()) : std::nullopt);
    SweepOptions options;
    options.retryFailed = a.flag("retry-failed");
    const std::vector<SweepRunSurvey> surveys = surveySweep(plan, workspace, options);

    int toTrain = 0, done = 0;
    for (const SweepRunSurvey& s : surveys) {
        toTrain += s.step == SweepStep::Train || s.step == SweepStep::Resume || s.step == SweepStep::Retry;
        done += s.step == SweepStep::Done;
    }
    std::fprintf(stderr, "Sweep %s: %zu runs (%d to train or resume, %d completed before); estimated %s\n",
                 plan.spec.name.c_str(), plan.runs.size(), toTrain, done,
                 estimateText(configsToTrain(surveys), workspace).c_str());
    if (a.flag("dry-run")) {
        std::printf("%-40s %-18s %-10s %-6s %-28s %s\n", "run", "step", "arm", "seed", "reference", "settings");
        for (const SweepRunSurvey& s : surveys)
            std::printf("%-40s %-18s %-10s %-6llu %-28s %s\n", s.run->name.c_str(), toString(s.step).c_str(),
                        s.run->arm.empty() ? "-" : s.run->arm.c_str(), static_cast<unsigned long long>(s.run->seed),
                        referenceText(*s.run).c_str(), s.run->point.empty() ? "-" : s.run->point.c_str());
        return kExitOk;
    }

    CancelToken cancel;
    SweepOutcome outcome;
    {
        const InterruptGuard interrupts(
            cancel); // Ctrl-C: the current run keeps its checkpoint; run the sweep again to resume
        SweepReport report(plan, workspace, surveys);
        outcome = runSweep(plan, workspace, report, cancel, options);
    }
    std::fprintf(stderr, "\nSweep %s: %d of %zu runs complete (%d trained now), %d failed, %d skipped%s\n",
                 plan.spec.name.c_str(), outcome.completed, plan.runs.size(), outcome.trained, outcome.failed,
                 outcome.skipped, outcome.cancelled ? "; cancelled: run the same command again to resume" : "");
    if (outcome.completed == static_cast<int>(plan.runs.size()))
        std::fprintf(stderr, "Summary: flipbench-cli summary --workspace %s --sweep %s\n", workspace.string().c_str(),
                     plan.spec.name.c_str());
    return outcome.completed == static_cast<int>(plan.runs.size()) ? kExitOk : kExitRunFailed;
}

int commandSummary(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace", "sweep", "old", "baseline", "tolerance"},
                      {"json", "csv", "markdown", "choose-on-test"});
    const fs::path workspace = fs::absolute(a.required("workspace"));
    if (a.flag("json") + a.flag("csv") + a.flag("markdown") > 1)
        throw UsageError{"give at most one of --json, --csv and --markdown"};
    GroupTableOptions options;
    std::vector<fs::path> runs;
    if (const auto sweep = a.value("sweep")) {
        const SweepRecord record = readSweepRecord(workspace, *sweep);
        for (const auto& name : record.runs)
            runs.push_back(workspace / name);
        if (!record.old.empty())
            options.old = fs::path(record.old).is_absolute() ? fs::path(record.old) : workspace / record.old;
        options.baseline = record.baseline;
        for (const auto& run : runs)
            if (!fs::exists(run / "status.json"))
                throw UserError("sweep " + *sweep + ": its run " + run.filename().string() +
                                " has not started; train the sweep first (flipbench-cli sweep SPEC --workspace " +
                                workspace.string() + ")");
    } else {
        for (const RunSummary& run : listRuns(workspace))
            runs.push_back(run.dir);
    }
    if (runs.empty())
        throw UserError("the workspace " + workspace.string() + " has no runs");
    if (const auto old = a.value("old"))
        options.old = fs::path(*old).is_absolute() ? fs::path(*old) : workspace / *old;
    if (const auto baseline = a.value("baseline"))
        options.baseline = *baseline;
    if (const auto tolerance = a.value("tolerance")) {
        try {
            options.accuracyTolerance = std::stod(*tolerance) / 100;
        } catch (const std::exception&) {
            throw UsageError{"--tolerance takes accuracy points, e.g. 1 or 0.5, got \"" + *tolerance + "\""};
        }
        if (options.accuracyTolerance < 0)
            throw UsageError{"--tolerance must be >= 0 points, got " + *tolerance};
    }
    options.chooseOnTest = a.flag("choose-on-test");
    const GroupTable table = buildGroupTable(runs, options);
    if (a.flag("json"))
        std::printf("%s\n", groupTableJson(table).dump(1).c_str());
    else if (a.flag("csv"))
        std::fputs(groupTableCsv(table).c_str(), stdout);
    else if (a.flag("markdown"))
        std::fputs(groupTableMarkdown(table).c_str(), stdout);
    else
        for (const std::string& line : describeGroupTable(table))
            std::printf("%s\n", line.c_str());
    return kExitOk;
}

} // namespace flipbench::cli
