#pragma once

// The rules of the update gate (`flipbench-cli check`): the limits a new model must keep against
// the old one to ship. Every rate is a fraction of the test set (0.01 = 1%); the CLI converts the
// percentages its users type. A rule that is not set is not checked.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// At most `limit` negative flips among the test samples of one class: a count, or a rate of that
/// class's samples when `isRate`. `className` is a class name or index as text; "*" checks every
/// class and reports the worst.
struct ClassFlipLimit {
    std::string className;
    double limit = 0;
    bool isRate = false;
};

struct GateRules {
    std::optional<double> maxNfr;          ///< NFR at most this
    std::optional<double> maxNfrOverFloor; ///< NFR minus the retraining noise floor at most this
    std::vector<ClassFlipLimit> classLimits;
    std::optional<double> minAccuracyDelta; ///< accuracy of new minus old at least this (may be < 0)
    std::optional<double> maxNfrUpper;      ///< the upper end of NFR's 95% interval at most this
    /// Test-sample indices that must not flip from right to wrong ("golden" samples), and the file
    /// they came from (named in the verdict). Set: the rule is checked even for an empty list.
    std::optional<std::vector<int64_t>> protectedSamples;
    std::string protectedFile;

    /// Whether any rule is set: a gate without rules would pass every model.
    bool any() const
    {
        return maxNfr || maxNfrOverFloor || !classLimits.empty() || minAccuracyDelta || maxNfrUpper || protectedSamples;
    }
};

} // namespace flipbench
