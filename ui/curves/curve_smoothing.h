#pragma once

// Exponential moving average of the loss curves, debiased like TensorBoard's smoothing slider so
// the first points are not dragged towards zero.

#include <QVector>

namespace flipbench::ui {

/// Running state of a debiased EMA: s_t = a * s_{t-1} + (1 - a) * x_t, shown as s_t / (1 - a^t).
/// Non-finite inputs (a diverged step) give NaN, a gap in the plot, and leave the state as it was.
class Ema {
public:
    explicit Ema(double alpha = 0) : alpha_(alpha) {}

    double alpha() const { return alpha_; }
    double push(double x);
    void reset() { *this = Ema(alpha_); }

private:
    double alpha_ = 0;
    double state_ = 0;
    double decay_ = 1; ///< a^t, so the bias correction needs no pow() per point
};

/// The debiased EMA of `values` (alpha 0 returns them unchanged).
QVector<double> emaSmooth(const QVector<double>& values, double alpha);

} // namespace flipbench::ui
