#pragma once

// The noise floor of NFR: retraining the same model with another seed already flips some samples
// from right to wrong. A method's NFR against an old model means little until it is set against
// this churn between independently retrained models.

#include "flipbench/statistics/indicators.h"
#include "flipbench/statistics/mean_spread.h"

#include <vector>

namespace flipbench {

/// For every ordered pair (i, j), i != j, of the runs in `correctPerSeed` (per-sample "correct"
/// indicators of independently retrained models on one test set), the NFR of j against i: the
/// share of samples i gets right and j wrong. Returns the mean and sd of those n(n - 1) NFRs, with
/// n = the number of ordered pairs. Ordered, because NFR is not symmetric: j against i counts i's
/// right answers j loses, i against j the reverse. Fewer than 2 runs: n = 0, mean and sd NaN.
/// Throws std::invalid_argument for runs of different lengths, no samples or values other than 0/1.
MeanSpread pairwiseNegativeFlipRates(const std::vector<SampleIndicators>& correctPerSeed);

} // namespace flipbench
