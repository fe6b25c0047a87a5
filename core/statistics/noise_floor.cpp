#include "flipbench/statistics/noise_floor.h"

namespace flipbench {

MeanSpread pairwiseNegativeFlipRates(const std::vector<SampleIndicators>& correctPerSeed)
{
    if (correctPerSeed.size() < 2)
        return meanSpread({}); // no pair to compare: n = 0, mean NaN
    const int64_t samples = checkIndicators(correctPerSeed, "pairwiseNegativeFlipRates");
    std::vector<double> rates;
    rates.reserve(correctPerSeed.size() * (correctPerSeed.size() - 1));
    for (size_t oldRun = 0; oldRun < correctPerSeed.size(); ++oldRun)
        for (size_t newRun = 0; newRun < correctPerSeed.size(); ++newRun) {
            if (oldRun == newRun)
                continue;
            const SampleIndicators& oldCorrect = correctPerSeed[oldRun];
            const SampleIndicators& newCorrect = correctPerSeed[newRun];
            int64_t flips = 0;
            for (int64_t i = 0; i < samples; ++i)
                flips += oldCorrect[i] && !newCorrect[i];
            rates.push_back(static_cast<double>(flips) / static_cast<double>(samples));
        }
    return meanSpread(rates);
}

} // namespace flipbench
