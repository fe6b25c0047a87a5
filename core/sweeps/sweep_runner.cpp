#include "flipbench/sweeps/sweep_runner.h"

#include "flipbench/config/config_diff.h"
#include "flipbench/data/data_folder_summary.h"
#include "flipbench/runs/run_session.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/sweeps/sweep_record.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>

#include <set>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

/// Settings that do not change what a run computes, or that the run folder rewrites.
bool incidental(const std::string& path)
{
    return path == "versions" || path == "train.threads" || path == "train.log_every";
}

/// Refuses a folder of the run's name that holds another config: the spec changed since it trained.
void requireSameConfig(const SweepPlan& plan, const SweepRun& run, const fs::path& workspace, const fs::path& dir)
{
    nlohmann::json stored;
    try {
        stored = toJson(parseRunConfig(readJsonDocument(dir / "config.json")));
    } catch (const std::exception& e) {
        throw UserError(dir.string() + " has a config.json that does not read (" + e.what() +
                        "); remove that folder to train the run again");
    }
    nlohmann::json planned = toJson(resolveSweepReferences(plan, run, workspace));
    // A run stores the data folder it found (DIR/cifar-10-batches-bin for a DIR that holds one, as
    // run_session does), the spec names what the user wrote: the same folder is the same setting.
    try {
        const std::string storedPath = stored["data"].value("path", "");
        const std::string plannedPath = planned["data"].value("path", "");
        if (storedPath != plannedPath && !plannedPath.empty() &&
            fs::absolute(inspectDataFolder(plannedPath).dir).lexically_normal() ==
                fs::absolute(storedPath).lexically_normal())
            planned["data"]["path"] = storedPath;
    } catch (const std::exception&) { // a folder that cannot be inspected differs, as written
    }
    std::string differences;
    for (const ConfigDifference& d : diffConfigs(stored, planned)) {
        if (incidental(d.path))
            continue;
        differences += (differences.empty() ? "" : "; ") + d.path + ": " +
                       (d.a ? formatConfigValue(*d.a) : std::string("absent")) + " there, " +
                       (d.b ? formatConfigValue(*d.b) : std::string("absent")) + " in the spec";
    }
    if (!differences.empty())
        throw UserError("the run folder " + dir.string() + " was trained with other settings than sweep \"" +
                        plan.spec.name + "\" now asks for (" + differences +
                        "). Give the sweep another name to train the new settings beside it, or remove that "
                        "folder to train it again.");
}

bool complete(const fs::path& dir)
{
    std::error_code error;
    if (!fs::exists(dir / "status.json", error))
        return false;
    try {
        return RunFolder::open(dir).readStatus().state == RunState::Completed;
    } catch (const std::exception&) {
        return false;
    }
}

/// Why a run that is trained elsewhere or failed before is not trained now.
std::string skipReason(const SweepRunSurvey& survey)
{
    if (survey.queuedInScheduler)
        return "it waits in a cluster's queue (" + survey.note + ")";
    if (survey.step == SweepStep::Elsewhere)
        return "trained by another process (" + survey.note + ")";
    return "failed before (" + survey.note + "); --retry-failed trains it again";
}

} // namespace

std::string toString(SweepStep step)
{
    switch (step) {
    case SweepStep::Train:
        return "train";
    case SweepStep::Resume:
        return "resume";
    case SweepStep::Done:
        return "done";
    case SweepStep::Elsewhere:
        return "training elsewhere";
    case SweepStep::Failed:
        return "failed";
    case SweepStep::Retry:
        return "retry";
    }
    return "train";
}

std::vector<SweepRunSurvey> surveySweep(const SweepPlan& plan, const fs::path& workspace, const SweepOptions& options)
{
    std::vector<SweepRunSurvey> surveys;
    for (const SweepRun& run : plan.runs) {
        SweepRunSurvey survey;
        survey.run = &run;
        const fs::path dir = workspace / run.name;
        std::error_code error;
        if (!fs::exists(dir, error)) {
            surveys.push_back(survey);
            continue;
        }
        if (!fs::exists(dir / "status.json", error) || !fs::exists(dir / "config.json", error))
            throw UserError(dir.string() + " is in the way of sweep \"" + plan.spec.name + "\"'s run " + run.name +
                            " but holds no run (no status.json or config.json); move it away or rename the sweep");
        requireSameConfig(plan, run, workspace, dir);
        const RunStatus status = RunFolder::open(dir).readStatus();
        switch (status.state) {
        case RunState::Completed:
            survey.step = SweepStep::Done;
            break;
        case RunState::Running:
            survey.step = SweepStep::Elsewhere;
            survey.note = "pid " + std::to_string(status.pid) + (status.host.empty() ? "" : " on " + status.host);
            break;
        case RunState::Queued:
            if (status.job.empty()) {
                survey.step = SweepStep::Resume;
                break;
            }
            survey.step = SweepStep::Elsewhere;
            survey.queuedInScheduler = true;
            survey.note = "queued in " + status.job + "; flipbench-cli sweep-status follows it";
            break;
        case RunState::Failed:
            survey.step = options.retryFailed ? SweepStep::Retry : SweepStep::Failed;
            survey.note = status.message;
            break;
        default:
            survey.step = SweepStep::Resume;
            break;
        }
        surveys.push_back(survey);
    }
    return surveys;
}

SweepOutcome runSweep(const SweepPlan& plan, const fs::path& workspace, SweepObserver& observer,
                      const CancelToken& cancel, const SweepOptions& options)
{
    const std::vector<SweepRunSurvey> surveys = surveySweep(plan, workspace, options); // refuses before writing
    fs::create_directories(workspace);
    writeSweepRecord(workspace, sweepRecordOf(plan, workspace));

    int count = 0;
    for (const auto& survey : surveys)
        count += survey.step == SweepStep::Train || survey.step == SweepStep::Resume || survey.step == SweepStep::Retry;

    SweepOutcome outcome;
    int index = 0;
    for (const SweepRunSurvey& survey : surveys) {
        const SweepRun& run = *survey.run;
        if (survey.step == SweepStep::Done) {
            ++outcome.completed;
            observer.runSkipped(survey, "completed before");
            continue;
        }
        if (survey.step == SweepStep::Elsewhere || survey.step == SweepStep::Failed) {
            ++outcome.skipped;
            observer.runSkipped(survey, skipReason(survey));
            continue;
        }
        std::string missing;
        for (const auto& arm : run.referenceArms)
            for (const SweepRun* member : plan.runsOf(arm))
                if (!complete(workspace / member->name))
                    missing += (missing.empty() ? "" : ", ") + member->name;
        if (!missing.empty()) {
            ++outcome.skipped;
            observer.runSkipped(survey, "its reference " + missing + " has not completed");
            continue;
        }

        observer.runStarting(survey, ++index, count);
        TrainOutcome trained;
        fs::path dir;
        try {
            if (survey.step == SweepStep::Train) {
                PreparedRun prepared = prepareNewRun(resolveSweepReferences(plan, run, workspace), workspace);
                dir = prepared.folder.dir();
                writeSweepMembership(dir, membershipOf(plan, run));
                trained = trainRun(prepared.folder, prepared.config, prepared.data, observer.progress(), cancel);
            } else {
                PreparedRun prepared = prepareResume(workspace / run.name);
                dir = prepared.folder.dir();
                if (!readSweepMembership(dir))
                    writeSweepMembership(dir, membershipOf(plan, run));
                trained = trainRun(prepared.folder, prepared.config, prepared.data, observer.progress(), cancel);
            }
        } catch (const UserError& e) {
            trained.state = RunState::Failed;
            trained.message = e.what();
        }
        observer.runFinished(survey, trained);
        if (trained.state == RunState::Completed) {
            ++outcome.completed;
            ++outcome.trained;
        } else if (trained.state == RunState::Cancelled || cancel.isCancelled()) {
            outcome.cancelled = true;
            break;
        } else {
            ++outcome.failed;
        }
    }
    return outcome;
}

} // namespace flipbench
