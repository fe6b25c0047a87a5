#include "flipbench/statistics/indicators.h"

#include <limits>
#include <stdexcept>

namespace flipbench {

int64_t checkIndicators(const std::vector<SampleIndicators>& perSeed, const std::string& what, int64_t minimumSamples)
{
    if (perSeed.empty())
        throw std::invalid_argument(what + ": no runs given");
    const auto samples = static_cast<int64_t>(perSeed.front().size());
    if (samples < minimumSamples)
        throw std::invalid_argument(what + ": needs at least " + std::to_string(minimumSamples) +
                                    " test samples, got " + std::to_string(samples));
    for (size_t run = 0; run < perSeed.size(); ++run) {
        if (static_cast<int64_t>(perSeed[run].size()) != samples)
            throw std::invalid_argument(what + ": run " + std::to_string(run) + " has " +
                                        std::to_string(perSeed[run].size()) + " samples, run 0 has " +
                                        std::to_string(samples) + ": they must share one test set");
        // Strict 0/1: a list of predicted classes passed by mistake would otherwise count as events.
        for (uint8_t value : perSeed[run])
            if (value > 1)
                throw std::invalid_argument(what + ": run " + std::to_string(run) + " has an indicator of " +
                                            std::to_string(value) + "; indicators are 0 or 1");
    }
    return samples;
}

double indicatorRate(const SampleIndicators& indicators)
{
    if (indicators.empty())
        return std::numeric_limits<double>::quiet_NaN();
    int64_t events = 0;
    for (uint8_t value : indicators)
        events += value;
    return static_cast<double>(events) / static_cast<double>(indicators.size());
}

std::vector<double> ratePerSeed(const std::vector<SampleIndicators>& perSeed)
{
    std::vector<double> rates;
    rates.reserve(perSeed.size());
    for (const SampleIndicators& run : perSeed)
        rates.push_back(indicatorRate(run));
    return rates;
}

std::vector<double> meanPerSample(const std::vector<SampleIndicators>& perSeed)
{
    if (perSeed.empty())
        return {};
    std::vector<double> means(perSeed.front().size(), 0.0);
    for (const SampleIndicators& run : perSeed)
        for (size_t i = 0; i < means.size(); ++i)
            means[i] += run[i];
    for (double& mean : means)
        mean /= static_cast<double>(perSeed.size());
    return means;
}

} // namespace flipbench
