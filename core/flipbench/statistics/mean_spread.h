#pragma once

// The mean and sample standard deviation of a list of numbers (rates over seeds, NFRs over pairs
// of retrained models): the one summary every "x ± sd over n runs" in Flipbench is made of.

#include <vector>

namespace flipbench {

/// Mean, sample standard deviation and count of a list of values.
struct MeanSpread {
    double mean = 0;
    double sd = 0; ///< sample standard deviation (n - 1 denominator); NaN when n < 2
    int n = 0;
};

/// The mean and sample standard deviation of `values`. No values: mean and sd NaN, n = 0; one
/// value: that value as the mean, sd NaN (a single run says nothing about the spread).
MeanSpread meanSpread(const std::vector<double>& values);

} // namespace flipbench
