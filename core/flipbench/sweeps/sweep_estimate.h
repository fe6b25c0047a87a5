#pragma once

// How long the runs of a sweep will take, before they train: from what runs of the same model took
// in this workspace, else from the benchmark's figures, and said which.

#include "flipbench/config/run_config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

struct TimeEstimate {
    double seconds = 0;
    bool known = true; ///< false when no figure exists for a model on this device (then seconds is 0)
    std::string basis; ///< "measured on 3 small_cnn runs in this workspace" or "guessed from ..."
};

/// Training plus evaluation time of `runs` (each from its first epoch) on this machine.
TimeEstimate estimateTrainingTime(const std::vector<RunConfig>& runs, const std::filesystem::path& workspace);

/// "about 42 min", "about 1 h 20 min", "under a minute": an estimate, said as one.
std::string describeDuration(double seconds);

} // namespace flipbench
