#include "ui/curves/curve_smoothing.h"

#include <cmath>
#include <limits>

namespace flipbench::ui {

double Ema::push(double x)
{
    if (!std::isfinite(x))
        return std::numeric_limits<double>::quiet_NaN();
    state_ = alpha_ * state_ + (1 - alpha_) * x;
    decay_ *= alpha_;
    const double correction = 1 - decay_;
    // alpha 0 makes correction exactly 1; alpha close to 1 keeps it above 0 from the first point on.
    return correction > 0 ? state_ / correction : x;
}

QVector<double> emaSmooth(const QVector<double>& values, double alpha)
{
    Ema ema(alpha);
    QVector<double> smoothed;
    smoothed.reserve(values.size());
    for (double x : values)
        smoothed.append(ema.push(x));
    return smoothed;
}

} // namespace flipbench::ui
