#pragma once

#include "flipbench/util/cancel_token.h"
#include "flipbench/util/progress_sink.h"
#include "flipbench/config/run_config.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/training/trainer.h"

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

/// Creates the folder of a run that waits in a queue: config.json (the config as given, its data
/// path made absolute) and a queued status, without loading any data, so that queueing is instant
/// and a queue survives a restart. prepareResume starts it when its turn comes, loading the data
/// then. Throws ConfigError for a config that does not parse, creating nothing.
RunFolder createQueuedRun(const RunConfig& config, const std::filesystem::path& workspace);

/// Writes a queued run's config.json again (a plan's references pointed at the plan's run folders).
void writeQueuedConfig(const RunFolder& folder, const RunConfig& config);

/// Whether the folder holds a queued run that has not started: a queued status and a config.json
/// but no dataset.json yet (which preparing the run writes). Never throws.
bool isUnstartedRun(const std::filesystem::path& runDir);

/// Removes the folder of a queued run that has not started (taken out of the queue); a run that
/// has started is left alone. Best effort: errors are ignored.
void discardUnstartedRun(const std::filesystem::path& runDir);

/// Checks, without loading any data (cheap enough for a GUI thread), that a run folder can be
/// resumed: its status.json and config.json read, it has not completed and no live process trains
/// it. Throws UserError saying why not, in words that fit the run's state (a completed run whose
/// config is damaged is not "already completed; nothing to resume", it is unreadable).
void checkResumable(const std::filesystem::path& runDir);

/// Reopens a run for resuming: checkResumable, then reloads its data and checks the test-set
/// fingerprint still matches. Throws UserError otherwise. A run that never started (queued by
/// createQueuedRun, or failed before it started) is prepared as prepareNewRun would: data loaded,
/// references resolved, config.json and dataset.json written; if that fails its status says so
/// (failed, with the reason), so the run table shows why and Resume can try again.
PreparedRun prepareResume(const std::filesystem::path& runDir);

/// Loads the data a config names (train/val/test split as configured).
SplitDataset loadRunData(const RunConfig& config);

} // namespace flipbench
