#include "flipbench/statistics/mean_spread.h"

#include <cmath>
#include <limits>

namespace flipbench {

MeanSpread meanSpread(const std::vector<double>& values)
{
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    MeanSpread result;
    result.n = static_cast<int>(values.size());
    if (values.empty()) {
        result.mean = kNaN;
        result.sd = kNaN;
        return result;
    }
    double sum = 0;
    for (double v : values)
        sum += v;
    result.mean = sum / static_cast<double>(values.size());
    if (values.size() < 2) {
        result.sd = kNaN;
        return result;
    }
    // Two passes (deviations from the mean already computed) rather than sum of squares minus
    // n * mean^2: rates near each other would otherwise lose their spread to cancellation.
    double squares = 0;
    for (double v : values)
        squares += (v - result.mean) * (v - result.mean);
    result.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
    return result;
}

} // namespace flipbench
