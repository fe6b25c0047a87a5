#pragma once

// Starting a run: its data loaded (tensors: LibTorch). The steps that load no data (queueing a
// run, checking that it can resume) are in queued_run.h, which this includes.

#include "flipbench/config/run_config.h"
#include "flipbench/data/image_set.h"
#include "flipbench/runs/queued_run.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/training/trainer.h"
#include "flipbench/util/cancel_token.h"
#include "flipbench/util/progress_sink.h"

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

/// Reopens a run for resuming: checkResumable, then reloads its data and checks the test-set
/// fingerprint still matches. Throws UserError otherwise. A run that never started (queued by
/// createQueuedRun, or failed before it started) is prepared as prepareNewRun would: data loaded,
/// references resolved, config.json and dataset.json written; if that fails its status says so
/// (failed, with the reason), so the run table shows why and Resume can try again.
PreparedRun prepareResume(const std::filesystem::path& runDir);

/// Loads the data a config names (train/val/test split as configured).
SplitDataset loadRunData(const RunConfig& config);

} // namespace flipbench
