#pragma once

// Student's t quantiles and the Welch–Satterthwaite interval: an estimate whose variance is a sum
// of independently estimated parts (seed-to-seed spread, test-sample spread), each with its own
// degrees of freedom. The distribution itself comes from Boost.Math, kept out of this header.

#include "flipbench/statistics/interval.h"

#include <vector>

namespace flipbench {

/// The `probability` quantile of Student's t with `degreesOfFreedom` (> 0, need not be an
/// integer; infinity gives the standard normal quantile). Throws std::invalid_argument when
/// probability is not in (0, 1) or degreesOfFreedom is not > 0.
double studentTQuantile(double probability, double degreesOfFreedom);

/// One part of an estimate's variance, with the degrees of freedom it was estimated with.
struct VarianceComponent {
    double variance = 0;         ///< the part's contribution to the estimate's variance (>= 0)
    double degreesOfFreedom = 0; ///< > 0; infinity for a variance known exactly
};

/// A t interval around an estimate, with the standard error and degrees of freedom it used.
struct CombinedInterval {
    Interval interval;
    double standardError = 0;
    double degreesOfFreedom = 0; ///< Welch–Satterthwaite; infinity when every component is 0
};

/// estimate ± t_{(1+level)/2, df} · sqrt(Σ v_k), with df = (Σ v_k)² / Σ (v_k² / df_k) (Welch–
/// Satterthwaite). Components with variance 0 drop out; when all are 0 (or there are none) the
/// interval is [estimate, estimate] with df = infinity. The interval is not clipped (a rate's may
/// reach below 0). Throws std::invalid_argument for a level outside (0, 1), a negative or NaN
/// variance, or a non-zero component whose degrees of freedom are not > 0.
CombinedInterval welchSatterthwaiteInterval(double estimate, const std::vector<VarianceComponent>& components,
                                            double level = 0.95);

} // namespace flipbench
