#pragma once

// The p-th percentile (0..1, nearest rank) of timer lateness samples, as the benchmarks report it.

#include <algorithm>
#include <vector>

namespace flipbench::bench {

inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

} // namespace flipbench::bench
