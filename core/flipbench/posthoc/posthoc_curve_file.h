#pragma once

// posthoc.json, a post-hoc run's whole curve: its one writer and its one reader (the run table's
// Details plot and tests read it back). No LibTorch.

#include "flipbench/posthoc/posthoc_curve.h"

#include <filesystem>
#include <optional>
#include <string>

namespace flipbench {

struct PosthocCurveRecord {
    std::string kind;      ///< "logit_fusion" or "weight_interpolation"
    std::string parameter; ///< "b" or "a"
    PosthocCurve curve;
};

/// Writes runDir/posthoc.json atomically.
void writePosthocCurve(const std::filesystem::path& runDir, const PosthocCurveRecord& record);

/// The curve of a post-hoc run; none when runDir has no posthoc.json. Throws DataError naming the
/// file when it is not what writePosthocCurve writes.
std::optional<PosthocCurveRecord> readPosthocCurve(const std::filesystem::path& runDir);

} // namespace flipbench
