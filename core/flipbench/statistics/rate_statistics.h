#pragma once

// Rates measured per test sample (NFR, accuracy) over several training seeds, with intervals that
// count both sources of noise: which seed trained the model, and which samples made the test set.
// A rate measured on one finite test set is itself an estimate; the seed spread alone would call
// two models different when a different test set of the same size could reverse them.

#include "flipbench/statistics/indicators.h"
#include "flipbench/statistics/interval.h"

#include <cstdint>
#include <string>
#include <vector>

namespace flipbench {

/// A rate over seeds with its interval.
struct RateEstimate {
    double mean = 0;             ///< mean of the seeds' rates
    double sd = 0;               ///< sample standard deviation of the seeds' rates; NaN for one seed
    int n = 0;                   ///< number of seeds
    Interval interval;           ///< for the mean rate; not clipped to [0, 1]
    double degreesOfFreedom = 0; ///< of the t interval; NaN for the bootstrap
    std::string intervalMethod;  ///< "t (seeds + test samples)" or "bootstrap (test samples)"
};

/// The mean rate over `indicatorsPerSeed` (one indicator list per seed, all on the same test set of
/// N >= 2 samples) and its `level` interval.
///
/// Two or more seeds: a Welch–Satterthwaite t interval with two variance components, the seeds'
/// sd²/n (df n - 1) and the test samples' var_i(m_i)/N (df N - 1), where m_i is sample i's
/// indicator averaged over the seeds. One seed: a percentile bootstrap over the test samples with
/// `resamples` resamples, deterministic for a given `seed`. Throws std::invalid_argument for no
/// runs, runs of different lengths, fewer than 2 samples or indicators other than 0/1.
RateEstimate estimateRate(const std::vector<SampleIndicators>& indicatorsPerSeed, double level = 0.95,
                          int resamples = 1000, uint64_t seed = 1);

/// The difference of two groups' mean rates on the same test samples, with its interval.
struct RateDifference {
    double difference = 0; ///< mean rate of x minus mean rate of y
    Interval interval;
    double degreesOfFreedom = 0;
    bool excludesZero = false; ///< interval.excludes(0): the groups differ at this level
    std::string method;        ///< which variance components the interval has (see differenceOfRates)
};

/// Mean rate of group `x` minus mean rate of group `y`, measured on the same test samples
/// (paired), with a Welch–Satterthwaite t interval from the components sx²/nx (df nx - 1, when
/// nx >= 2), sy²/ny (df ny - 1, when ny >= 2) and the paired test-sample part var_i(d_i)/N
/// (df N - 1), d_i = m^x_i - m^y_i. Pairing cancels what the test set does to both groups alike.
/// `method` is "t (seeds + paired test samples)" when both groups have several seeds; a group of
/// one seed has no seed variance to estimate, its component is left out and `method` says so:
/// "t (y seeds + paired test samples: x has one seed)", "t (x seeds + paired test samples: y has
/// one seed)" or "t (test samples only: x and y have one seed each)". Throws std::invalid_argument
/// as estimateRate does, and when x and y do not share one test set.
RateDifference differenceOfRates(const std::vector<SampleIndicators>& x, const std::vector<SampleIndicators>& y,
                                 double level = 0.95);

} // namespace flipbench
