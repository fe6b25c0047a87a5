#pragma once

// Per-sample indicators: for each run (seed), one byte per test sample saying whether an event
// happened there (the sample is correct; old right and new wrong). Rates, their intervals and the
// retraining noise floor are all computed from such lists; this file checks them and reduces them.

#include <cstdint>
#include <string>
#include <vector>

namespace flipbench {

/// One run's indicator per test sample: 1 = the event, 0 = not.
using SampleIndicators = std::vector<uint8_t>;

/// Checks that `perSeed` holds at least one run, that every run has the same number of samples
/// (at least `minimumSamples`) and that every value is 0 or 1; returns that number of samples.
/// Throws std::invalid_argument naming `what` (e.g. "estimateRate") otherwise.
int64_t checkIndicators(const std::vector<SampleIndicators>& perSeed, const std::string& what,
                        int64_t minimumSamples = 1);

/// The share of samples with the event in one run (NaN for a run of no samples).
double indicatorRate(const SampleIndicators& indicators);

/// Each run's rate, in order.
std::vector<double> ratePerSeed(const std::vector<SampleIndicators>& perSeed);

/// For each sample i, the mean of its indicator over the runs (m_i); the runs must all have the
/// same length (checkIndicators first).
std::vector<double> meanPerSample(const std::vector<SampleIndicators>& perSeed);

} // namespace flipbench
