#pragma once

// Trains a sweep's runs in order, resumably: run it again after a crash or a cancel and it skips
// the completed runs, resumes the interrupted ones from their last checkpoint and trains the rest.
// The CLI (`sweep`) and the GUI (New Sweep) both train through it.

#include "flipbench/sweeps/sweep_plan.h"
#include "flipbench/training/trainer.h"
#include "flipbench/util/cancel_token.h"
#include "flipbench/util/progress_sink.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// What a sweep does with one of its runs, decided from its folder.
enum class SweepStep {
    Train,     ///< no folder yet
    Resume,    ///< interrupted, cancelled or queued: continue from the last checkpoint
    Done,      ///< completed
    Elsewhere, ///< another live process trains it
    Failed,    ///< failed before; left alone unless retryFailed
    Retry,     ///< failed before, trained again (retryFailed)
};

struct SweepRunSurvey {
    const SweepRun* run = nullptr;
    SweepStep step = SweepStep::Train;
    std::string note; ///< the failure message of a failed run, the host of a run trained elsewhere
    /// Elsewhere because it waits in a cluster scheduler's queue (sweep --slurm queued it): its task
    /// will train it. A new cluster submission may take it up again once no job of the last one is queued.
    bool queuedInScheduler = false;
};

struct SweepOptions {
    bool retryFailed = false;
};

/// What each run of the plan would do now. Throws UserError, before anything is written, when a
/// folder of a run's name holds something else: a run of another config (naming the settings that
/// differ; give the sweep a new name, or remove that folder) or no run at all.
std::vector<SweepRunSurvey> surveySweep(const SweepPlan& plan, const std::filesystem::path& workspace,
                                        const SweepOptions& options);

/// Receives a sweep's progress. Every call comes from the thread that called runSweep.
class SweepObserver {
public:
    virtual ~SweepObserver() = default;
    /// Before a run trains: its index among the runs that train in this call (1-based) and their count.
    virtual void runStarting(const SweepRunSurvey& survey, int index, int count) = 0;
    virtual void runFinished(const SweepRunSurvey& survey, const TrainOutcome& outcome) = 0;
    /// A run that does not train: completed, trained elsewhere, failed earlier, or its reference did not complete.
    virtual void runSkipped(const SweepRunSurvey& survey, const std::string& why) = 0;
    /// Where the training of each run reports its steps and epochs.
    virtual ProgressSink& progress() = 0;
};

struct SweepOutcome {
    int completed = 0; ///< runs complete at the end (trained now or before)
    int trained = 0;   ///< runs trained to completion by this call
    int failed = 0;
    int skipped = 0; ///< not trained: elsewhere, failed earlier, or a reference missing
    bool cancelled = false;
};

/// Records the sweep in the workspace (sweeps/<name>.json), then trains or resumes each run that
/// needs it, in plan order. A run whose reference runs are not all complete is skipped (and said
/// so). A cancel stops the run at its next batch, keeps its checkpoint, and ends the sweep.
SweepOutcome runSweep(const SweepPlan& plan, const std::filesystem::path& workspace, SweepObserver& observer,
                      const CancelToken& cancel, const SweepOptions& options = {});

/// The word of a step: "train", "resume", "done", "training elsewhere", "failed", "retry".
std::string toString(SweepStep step);

} // namespace flipbench
