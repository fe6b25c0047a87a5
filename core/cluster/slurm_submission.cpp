#include "flipbench/cluster/slurm_submission.h"

#include "flipbench/cluster/slurm_queue.h"
#include "flipbench/runs/queued_run.h"
#include "flipbench/sweeps/sweep_record.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

bool needsTraining(SweepStep step)
{
    return step == SweepStep::Train || step == SweepStep::Resume || step == SweepStep::Retry;
}

/// Refuses a new submission while tasks of an earlier one may still start: they would train the
/// same runs twice. Its arrays are recognised by their names (flipbench-<sweep>-<stage>), so that a
/// task run again alone (sbatch --array=I, a new job id) counts too.
void refuseWhileQueued(const SlurmLayout& layout, const SlurmOptions& options)
{
    const SlurmQueueView view = querySlurm({});
    if (!view.queueAvailable) {
        if (!options.submitting || readSlurmStages(layout).empty())
            return; // --no-submit on a machine without SLURM, or a first submission: nothing to ask
        throw UserError("cannot ask SLURM whether jobs of sweep \"" + layout.sweep + "\"'s last submission are still " +
                        "queued (" + view.queueError + "); submitting now could train its runs twice. Submit from " +
                        "a machine where squeue works, or write the scripts with --no-submit");
    }
    const std::string prefix = "flipbench-" + layout.sweep + "-";
    std::string waiting;
    for (const SlurmQueueEntry& entry : view.queue)
        if (entry.name.rfind(prefix, 0) == 0 && waiting.find(entry.job) == std::string::npos)
            waiting += (waiting.empty() ? "" : " ") + entry.job;
    if (!waiting.empty())
        throw UserError("sweep \"" + layout.sweep + "\" still has job(s) " + waiting +
                        " in the SLURM queue; wait for them (flipbench-cli sweep-status " + layout.workspace.string() +
                        " --sweep " + layout.sweep + ") or cancel them (scancel " + waiting +
                        ") before submitting it again");
}

void writeExecutable(const fs::path& file, const std::string& text)
{
    writeTextAtomically(file, text);
    std::error_code ignored;
    fs::permissions(file,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                        fs::perms::others_exec,
                    fs::perm_options::replace, ignored);
}

} // namespace

SlurmLayout slurmLayoutOf(const fs::path& workspace, const std::string& sweep, const fs::path& cli)
{
    SlurmLayout layout;
    layout.workspace = fs::absolute(workspace).lexically_normal();
    layout.sweep = sweep;
    layout.dir = layout.workspace / "slurm" / sweep;
    layout.cli = cli;
    return layout;
}

SlurmSubmission prepareSlurmSubmission(const SweepPlan& plan, const fs::path& workspace, const fs::path& cli,
                                       const SlurmOptions& options, const SweepOptions& sweepOptions)
{
    checkSlurmOptions(options);
    SlurmSubmission submission;
    submission.layout = slurmLayoutOf(workspace, plan.spec.name, fs::absolute(cli).lexically_normal());
    const SlurmLayout& layout = submission.layout;
    const std::string path = layout.workspace.string();
    if (path.find_first_of(" \t\n%") != std::string::npos)
        throw ConfigError("the workspace path " + path +
                          " has a space or a '%' in it, which sbatch's #SBATCH lines and log-file patterns "
                          "cannot carry; use a workspace path without them for a cluster sweep");
    refuseWhileQueued(layout, options);
    const std::vector<SweepRunSurvey> surveys = surveySweep(plan, workspace, sweepOptions); // refuses before writing

    // Stage of each run: 0 without references to runs trained now, else one after the latest of them.
    std::map<std::string, const SweepRunSurvey*> byName;
    for (const SweepRunSurvey& s : surveys)
        byName[s.run->name] = &s;
    std::map<std::string, int> stageOf;
    for (const SweepRunSurvey& s : surveys) {
        const SweepRun& run = *s.run;
        if (s.step == SweepStep::Done) {
            ++submission.completedBefore;
            continue;
        }
        if (!needsTraining(s.step) && !s.queuedInScheduler) { // no job of the last submission is queued now
            submission.skipped.push_back(run.name + ": " +
                                         (s.step == SweepStep::Elsewhere
                                              ? "another process trains it (" + s.note + ")"
                                              : "it failed before (" + s.note + "); --retry-failed submits it again"));
            continue;
        }
        int stage = 0;
        std::string blocked;
        for (const std::string& arm : run.referenceArms)
            for (const SweepRun* member : plan.runsOf(arm)) {
                const auto it = stageOf.find(member->name);
                if (it != stageOf.end())
                    stage = std::max(stage, it->second + 1);
                else if (byName.at(member->name)->step != SweepStep::Done)
                    blocked += (blocked.empty() ? "" : ", ") + member->name;
            }
        if (!blocked.empty()) {
            submission.skipped.push_back(run.name + ": its reference " + blocked +
                                         " is neither complete nor submitted now; submit again once it has completed");
            continue;
        }
        stageOf[run.name] = stage;
        if (submission.stages.size() <= static_cast<size_t>(stage))
            submission.stages.resize(static_cast<size_t>(stage) + 1);
        submission.stages[static_cast<size_t>(stage)].index = stage;
        submission.stages[static_cast<size_t>(stage)].runs.push_back(run.name);
    }
    if (submission.stages.empty())
        return submission;

    fs::create_directories(layout.logDir());
    writeSweepRecord(workspace, sweepRecordOf(plan, workspace));
    for (const SweepRunSurvey& s : surveys) {
        const auto stage = stageOf.find(s.run->name);
        if (stage == stageOf.end())
            continue;
        std::optional<RunFolder> folder;
        if (s.step == SweepStep::Train) {
            folder = createQueuedRun(resolveSweepReferences(plan, *s.run, workspace), workspace);
            if (folder->name() != s.run->name) { // another process claimed the name since the survey
                discardUnstartedRun(folder->dir());
                throw UserError("a run folder " + s.run->name + " appeared in " + path +
                                " while the sweep was being submitted (another process?); submit again to see what "
                                "it holds");
            }
        } else {
            folder = RunFolder::open(workspace / s.run->name);
        }
        // Every run of the submission waits in the scheduler's queue now, a cancelled or failed one
        // too (its task resumes it from its checkpoint): no desktop queue or local sweep takes it.
        RunStatus queued = folder->readStatus();
        queued.state = RunState::Queued;
        queued.job = "slurm";
        queued.message = "Queued in SLURM (sweep " + plan.spec.name + ", stage " + std::to_string(stage->second) +
                         (queued.epochsDone > 0 ? ", resumes after epoch " + std::to_string(queued.epochsDone) : "") +
                         "); flipbench-cli sweep-status " + path + " --sweep " + plan.spec.name + " follows it.";
        folder->writeStatus(queued);
        if (s.step == SweepStep::Train)
            writeSweepMembership(folder->dir(), membershipOf(plan, *s.run));
    }
    nlohmann::json tasks = {{"sweep", plan.spec.name}, {"stages", nlohmann::json::array()}};
    for (const SlurmStage& stage : submission.stages) {
        writeExecutable(layout.stageScript(stage.index), slurmStageScript(layout, stage, options));
        tasks["stages"].push_back({{"stage", stage.index}, {"runs", stage.runs}});
    }
    writeTextAtomically(layout.dir / "tasks.json", tasks.dump(1) + "\n");
    // The job ids of the last submission move to jobs.earlier: the jobs file names this one's only.
    if (std::error_code error; fs::exists(layout.jobsFile(), error)) {
        std::ofstream earlier(layout.dir / "jobs.earlier", std::ios::app);
        earlier << readFile(layout.jobsFile());
        fs::remove(layout.jobsFile(), error);
    }
    writeExecutable(layout.submitScript(), slurmSubmitScript(layout, submission.stages));
    return submission;
}

std::vector<SlurmStage> readSlurmStages(const SlurmLayout& layout)
{
    const fs::path file = layout.dir / "tasks.json";
    std::error_code error;
    if (!fs::exists(file, error))
        return {};
    std::vector<SlurmStage> stages;
    try {
        const nlohmann::json tasks = readJsonDocument(file);
        for (const auto& stage : tasks.at("stages")) {
            SlurmStage s;
            s.index = stage.at("stage").get<int>();
            s.runs = stage.at("runs").get<std::vector<std::string>>();
            stages.push_back(std::move(s));
        }
    } catch (const std::exception& e) { // not JSON (DataError), or JSON of another shape
        throw DataError(file.string() + " is damaged (" + e.what() +
                        "); submit the sweep again with flipbench-cli sweep --slurm to rewrite it");
    }
    return stages;
}

std::vector<std::string> readSlurmJobs(const SlurmLayout& layout, size_t stageCount)
{
    std::vector<std::string> jobs(stageCount);
    std::ifstream in(layout.jobsFile());
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string stageWord, jobWord, id;
        size_t stage = 0;
        if (words >> stageWord >> stage >> jobWord >> id && stageWord == "stage" && jobWord == "job" &&
            stage < stageCount && id.find_first_not_of("0123456789") == std::string::npos)
            jobs[stage] = id;
    }
    return jobs;
}

} // namespace flipbench
