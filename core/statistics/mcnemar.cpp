#include "flipbench/statistics/mcnemar.h"

#include <cstdio>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace flipbench {

McNemarResult mcnemarTest(int64_t onlyACorrect, int64_t onlyBCorrect)
{
    if (onlyACorrect < 0 || onlyBCorrect < 0)
        throw std::invalid_argument("mcnemarTest: counts must be >= 0, got " + std::to_string(onlyACorrect) + " and " +
                                    std::to_string(onlyBCorrect));
    McNemarResult result;
    result.onlyA = onlyACorrect;
    result.onlyB = onlyBCorrect;
    const int64_t discordant = onlyACorrect + onlyBCorrect;
    if (discordant == 0)
        return result; // exactP = chiSquareP = 1, chiSquare = 0: nothing to tell the models apart

    // Exact: the smaller count's lower tail, doubled for two sides (the distribution is symmetric).
    const boost::math::binomial_distribution<double> split(static_cast<double>(discordant), 0.5);
    const auto smaller = static_cast<double>(std::min(onlyACorrect, onlyBCorrect));
    result.exactP = std::min(1.0, 2.0 * boost::math::cdf(split, smaller));

    const double corrected = std::max(0.0, static_cast<double>(std::llabs(onlyACorrect - onlyBCorrect)) - 1.0);
    result.chiSquare = corrected * corrected / static_cast<double>(discordant);
    result.chiSquareP =
        boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(1.0), result.chiSquare));
    return result;
}

std::string describeMcNemar(const McNemarResult& result)
{
    char p[32];
    std::snprintf(p, sizeof p, result.exactP < 0.0001 ? "%.1e" : "%.4f", result.exactP);
    return std::string("exact p ") + p + " (" + std::to_string(result.onlyA) + " only A right, " +
           std::to_string(result.onlyB) + " only B right): " +
           (result.exactP < 0.05 ? "the two models' accuracies differ at the 5% level"
                                 : "no evidence that their accuracies differ at the 5% level");
}

} // namespace flipbench
