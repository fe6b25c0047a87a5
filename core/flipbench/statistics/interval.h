#pragma once

// A confidence interval as two plain numbers. Every statistic of statistics/ returns one, so the
// front ends show and test intervals the same way whichever method produced them.

#include <cmath>
#include <limits>

namespace flipbench {

/// A closed interval [low, high]. Both ends are NaN until set: an interval that could not be
/// computed (too few runs) is told apart from a real one by valid(), never by a sentinel number.
struct Interval {
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();

    /// Both ends are numbers and low <= high. An interval of zero width is valid.
    bool valid() const { return !std::isnan(low) && !std::isnan(high) && low <= high; }

    /// Whether `value` lies outside [low, high]. False for an invalid interval: no interval is no
    /// evidence, so "the difference excludes 0" never follows from a missing interval.
    bool excludes(double value) const { return valid() && (value < low || value > high); }
};

} // namespace flipbench
