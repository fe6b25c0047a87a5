#pragma once

// The state of a run, and of a job that will become one: no LibTorch, no JSON, so front ends
// (the Qt GUI included) compare states as values and turn them into words only at their edges.

#include <string>

namespace flipbench {

/// Queued to Interrupted are what status.json records. Preparing and Skipped are states of a job
/// in a front end's queue, never written to status.json: Preparing is a queued job whose device is
/// being set up, Skipped a job that never started because its plan reference did not complete.
enum class RunState { Queued, Running, Completed, Failed, Cancelled, Interrupted, Preparing, Skipped };

/// The word of a state ("queued", "running", ... "preparing", "skipped"), as status.json spells it.
std::string toString(RunState state);
/// The state of a status.json word; throws DataError on an unknown word, and on "preparing" and
/// "skipped", which status.json never holds.
RunState runStateFromString(const std::string& text);

} // namespace flipbench
