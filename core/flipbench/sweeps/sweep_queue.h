#pragma once

// A sweep handed to a queue that trains one run per job (the GUI's training controller) instead of
// runSweep's loop: the same survey, record and sweep.json files, so the runs group, resume and
// summarise exactly as the CLI's do.

#include "flipbench/sweeps/sweep_runner.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// One run of a sweep as queued: what it does and its folder.
struct QueuedSweepRun {
    const SweepRun* run = nullptr;
    SweepStep step = SweepStep::Train; ///< Train: a fresh queued folder; Resume or Retry: its folder as left
    std::filesystem::path dir;         ///< empty for Done, Elsewhere and Failed (nothing to queue)
    std::string note;                  ///< why a run is not queued: "completed before", "failed before (...)"
};

/// Surveys the sweep (refusing, before anything is written, what surveySweep refuses), records it
/// in the workspace, gives every run to train a queued folder (createQueuedRun, with its references
/// to arms resolved to their runs' folders) and a sweep.json, and returns every run of the plan in
/// training order with what to do. A queue that starts each run once its references have completed
/// then trains the sweep; queueing it again resumes what is left.
std::vector<QueuedSweepRun> queueSweepRuns(const SweepPlan& plan, const std::filesystem::path& workspace,
                                           const SweepOptions& options = {});

} // namespace flipbench
