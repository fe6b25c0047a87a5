#pragma once

#include "flipbench/cancel_token.h"
#include "flipbench/progress_sink.h"
#include "flipbench/run_config.h"
#include "flipbench/run_store.h"
#include "flipbench/trainer.h"

#include <filesystem>
#include <optional>

namespace flipbench {

/// A run folder ready to train: config validated, device resolved, data loaded.
struct PreparedRun {
    RunFolder folder;
    RunConfig config;
    SplitDataset data;
};

/// Validates the config, resolves the device and loads the data *before* creating anything, so a
/// config or data error (UserError) leaves the workspace untouched; then creates the run folder
/// with config.json, dataset.json and a queued status.
PreparedRun prepareNewRun(const RunConfig& config, const std::filesystem::path& workspace);

/// Checks, without loading any data (cheap enough for a GUI thread), that a run folder can be
/// resumed: its status.json and config.json read, it has not completed and no live process trains
/// it. Throws UserError saying why not, in words that fit the run's state (a completed run whose
/// config is damaged is not "already completed; nothing to resume", it is unreadable).
void checkResumable(const std::filesystem::path& runDir);

/// Reopens a run for resuming: checkResumable, then reloads its data and checks the test-set
/// fingerprint still matches. Throws UserError otherwise.
PreparedRun prepareResume(const std::filesystem::path& runDir);

/// Loads the data a config names (train/val/test split as configured).
SplitDataset loadRunData(const RunConfig& config);

} // namespace flipbench
