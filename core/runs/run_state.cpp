#include "flipbench/runs/run_state.h"

#include "flipbench/util/errors.h"

namespace flipbench {

namespace {

const char* const kStateNames[] = {"queued",    "running",     "completed", "failed",
                                   "cancelled", "interrupted", "preparing", "skipped"};
constexpr int kStoredStates = 6; ///< Queued .. Interrupted: the words status.json may hold

} // namespace

std::string toString(RunState state)
{
    return kStateNames[static_cast<int>(state)];
}

RunState runStateFromString(const std::string& text)
{
    for (int i = 0; i < kStoredStates; ++i)
        if (text == kStateNames[i])
            return static_cast<RunState>(i);
    throw DataError("Unknown run state \"" + text + "\" in status.json");
}

} // namespace flipbench
