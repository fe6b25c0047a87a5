#include "flipbench/statistics/rate_statistics.h"

#include "flipbench/statistics/mean_spread.h"
#include "flipbench/statistics/student_t.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace flipbench {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The test-sample part of a mean's variance: var_i(values_i) / N with df N - 1. The mean over N
/// samples drawn from a larger population varies by the samples' variance over N.
VarianceComponent testSampleComponent(const std::vector<double>& perSample)
{
    const MeanSpread spread = meanSpread(perSample);
    const auto samples = static_cast<double>(perSample.size());
    return {spread.sd * spread.sd / samples, samples - 1.0};
}

/// The seed part of a mean over seeds: sd² / n with df n - 1 (n >= 2).
VarianceComponent seedComponent(const MeanSpread& seeds)
{
    return {seeds.sd * seeds.sd / seeds.n, static_cast<double>(seeds.n - 1)};
}

/// The `q` quantile of sorted `values` by linear interpolation between order statistics (the
/// default of R and NumPy), so the bootstrap's ends do not jump by a whole resample.
double sortedQuantile(const std::vector<double>& values, double q)
{
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<size_t>(std::floor(position));
    const size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return values[below] + fraction * (values[above] - values[below]);
}

/// Percentile bootstrap of one run's rate over its test samples. Resampling N samples with
/// replacement and counting the events is exactly drawing the count from Binomial(N, rate), so
/// that is what is drawn: the same distribution without touching the N indicators per resample.
/// std::binomial_distribution's algorithm is implementation-defined, so the interval is
/// reproducible for one standard library (libstdc++ here), not across them.
Interval bootstrapRateInterval(double rate, int64_t samples, double level, int resamples, uint64_t seed)
{
    std::mt19937_64 generator(seed);
    std::binomial_distribution<int64_t> count(samples, rate);
    std::vector<double> rates(static_cast<size_t>(resamples));
    for (double& r : rates)
        r = static_cast<double>(count(generator)) / static_cast<double>(samples);
    std::sort(rates.begin(), rates.end());
    return {sortedQuantile(rates, (1.0 - level) / 2.0), sortedQuantile(rates, (1.0 + level) / 2.0)};
}

void checkLevel(double level, const std::string& what)
{
    if (!(level > 0.0 && level < 1.0))
        throw std::invalid_argument(what + ": level must be in (0, 1), got " + std::to_string(level));
}

} // namespace

RateEstimate estimateRate(const std::vector<SampleIndicators>& indicatorsPerSeed, double level, int resamples,
                          uint64_t seed)
{
    // N >= 2: the test-sample variance needs two samples, and a rate on one sample is no rate.
    const int64_t samples = checkIndicators(indicatorsPerSeed, "estimateRate", 2);
    checkLevel(level, "estimateRate");
    const MeanSpread seeds = meanSpread(ratePerSeed(indicatorsPerSeed));

    RateEstimate result;
    result.mean = seeds.mean;
    result.sd = seeds.sd;
    result.n = seeds.n;
    if (seeds.n == 1) {
        if (resamples < 1)
            throw std::invalid_argument("estimateRate: resamples must be >= 1, got " + std::to_string(resamples));
        result.interval = bootstrapRateInterval(seeds.mean, samples, level, resamples, seed);
        result.degreesOfFreedom = kNaN;
        result.intervalMethod = "bootstrap (test samples)";
        return result;
    }
    const CombinedInterval combined = welchSatterthwaiteInterval(
        seeds.mean, {seedComponent(seeds), testSampleComponent(meanPerSample(indicatorsPerSeed))}, level);
    result.interval = combined.interval;
    result.degreesOfFreedom = combined.degreesOfFreedom;
    result.intervalMethod = "t (seeds + test samples)";
    return result;
}

RateDifference differenceOfRates(const std::vector<SampleIndicators>& x, const std::vector<SampleIndicators>& y,
                                 double level)
{
    const int64_t samplesX = checkIndicators(x, "differenceOfRates (x)", 2);
    const int64_t samplesY = checkIndicators(y, "differenceOfRates (y)", 2);
    if (samplesX != samplesY)
        throw std::invalid_argument("differenceOfRates: x has " + std::to_string(samplesX) + " samples, y has " +
                                    std::to_string(samplesY) + ": they must share one test set");
    checkLevel(level, "differenceOfRates");

    const MeanSpread seedsX = meanSpread(ratePerSeed(x));
    const MeanSpread seedsY = meanSpread(ratePerSeed(y));
    std::vector<VarianceComponent> components;
    if (seedsX.n >= 2)
        components.push_back(seedComponent(seedsX));
    if (seedsY.n >= 2)
        components.push_back(seedComponent(seedsY));
    const std::vector<double> meansX = meanPerSample(x);
    const std::vector<double> meansY = meanPerSample(y);
    std::vector<double> differences(meansX.size());
    for (size_t i = 0; i < differences.size(); ++i)
        differences[i] = meansX[i] - meansY[i];
    components.push_back(testSampleComponent(differences));

    RateDifference result;
    result.difference = seedsX.mean - seedsY.mean;
    const CombinedInterval combined = welchSatterthwaiteInterval(result.difference, components, level);
    result.interval = combined.interval;
    result.degreesOfFreedom = combined.degreesOfFreedom;
    result.excludesZero = result.interval.excludes(0.0);
    // A single seed's variance cannot be estimated; leaving it out makes the interval too narrow by
    // that unknown part, which the method text must admit.
    if (seedsX.n >= 2 && seedsY.n >= 2)
        result.method = "t (seeds + paired test samples)";
    else if (seedsY.n >= 2)
        result.method = "t (y seeds + paired test samples: x has one seed)";
    else if (seedsX.n >= 2)
        result.method = "t (x seeds + paired test samples: y has one seed)";
    else
        result.method = "t (test samples only: x and y have one seed each)";
    return result;
}

} // namespace flipbench
