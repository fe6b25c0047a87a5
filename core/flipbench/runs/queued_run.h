#pragma once

// The steps of a run's life that load no data, cheap enough for a GUI thread: the folder of a run
// that waits in a queue, and the check that a run can resume. Implemented with the rest of a run
// session in run_session.cpp; this header reaches no LibTorch header.

#include "flipbench/config/run_config.h"
#include "flipbench/runs/run_store.h"

#include <filesystem>

namespace flipbench {

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

} // namespace flipbench
