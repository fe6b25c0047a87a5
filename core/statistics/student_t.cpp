#include "flipbench/statistics/student_t.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace flipbench {

double studentTQuantile(double probability, double degreesOfFreedom)
{
    // Checked here rather than left to Boost, whose default policy throws std::domain_error or
    // std::overflow_error (p = 0 or 1) with messages about its own internals.
    if (!(probability > 0.0 && probability < 1.0))
        throw std::invalid_argument("studentTQuantile: probability must be in (0, 1), got " +
                                    std::to_string(probability));
    if (!(degreesOfFreedom > 0.0))
        throw std::invalid_argument("studentTQuantile: degrees of freedom must be > 0, got " +
                                    std::to_string(degreesOfFreedom));
    // t with infinitely many degrees of freedom is the standard normal; asked for explicitly, since
    // a Welch–Satterthwaite df is infinity whenever only exactly known variances remain.
    if (std::isinf(degreesOfFreedom))
        return boost::math::quantile(boost::math::normal_distribution<double>(), probability);
    return boost::math::quantile(boost::math::students_t_distribution<double>(degreesOfFreedom), probability);
}

CombinedInterval welchSatterthwaiteInterval(double estimate, const std::vector<VarianceComponent>& components,
                                            double level)
{
    if (!(level > 0.0 && level < 1.0))
        throw std::invalid_argument("welchSatterthwaiteInterval: level must be in (0, 1), got " +
                                    std::to_string(level));
    double variance = 0;
    double denominator = 0; // Σ v_k² / df_k
    for (const VarianceComponent& c : components) {
        if (!(c.variance >= 0.0))
            throw std::invalid_argument("welchSatterthwaiteInterval: a variance must be >= 0, got " +
                                        std::to_string(c.variance));
        // A zero part adds nothing to the variance and nothing to the df formula; dropping it also
        // spares a component of df 0 (e.g. one seed) from dividing by zero.
        if (c.variance == 0.0)
            continue;
        if (!(c.degreesOfFreedom > 0.0))
            throw std::invalid_argument("welchSatterthwaiteInterval: degrees of freedom must be > 0, got " +
                                        std::to_string(c.degreesOfFreedom));
        variance += c.variance;
        denominator += c.variance * c.variance / c.degreesOfFreedom; // 0 for df = infinity
    }

    CombinedInterval result;
    result.standardError = std::sqrt(variance);
    if (variance == 0.0) {
        result.degreesOfFreedom = std::numeric_limits<double>::infinity();
        result.interval = {estimate, estimate};
        return result;
    }
    // denominator == 0 only when every remaining part has infinite df: the normal case.
    result.degreesOfFreedom =
        denominator == 0.0 ? std::numeric_limits<double>::infinity() : variance * variance / denominator;
    const double halfWidth = studentTQuantile((1.0 + level) / 2.0, result.degreesOfFreedom) * result.standardError;
    result.interval = {estimate - halfWidth, estimate + halfWidth};
    return result;
}

} // namespace flipbench
