#pragma once

// What both post-hoc methods take: an old and a new completed run of one workspace, a grid of
// mixing weights and the accuracy tolerance of the choice on validation.

#include "flipbench/posthoc/posthoc_curve.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

struct PosthocRequest {
    std::filesystem::path oldRun, newRun; ///< completed run folders on the same test and validation split
    std::filesystem::path workspace;      ///< where the new run is written
    std::string name;                     ///< its name; "<kind>-<new run>" when empty
    std::vector<double> grid = defaultWeightGrid();
    double tolerance = 0.01; ///< accuracy points (as a fraction) the choice may give up on validation
    int threads = 0;         ///< intra-op threads for weight interpolation (0: LibTorch's default)
};

/// What a post-hoc method made: the run folder written and its whole curve.
struct PosthocResult {
    std::filesystem::path run;
    PosthocCurve curve;
};

} // namespace flipbench
