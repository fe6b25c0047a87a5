#pragma once

// McNemar's test for two classifiers on the same test samples: only the discordant samples (one
// model right, the other wrong) say which is better, and under "equally good" each of them falls
// either way with probability 1/2.

#include <cstdint>
#include <string>

namespace flipbench {

/// McNemar's test on the discordant counts of two models A and B.
struct McNemarResult {
    int64_t onlyA = 0;     ///< samples A gets right and B wrong (b)
    int64_t onlyB = 0;     ///< samples B gets right and A wrong (c)
    double exactP = 1;     ///< two-sided exact binomial p: min(1, 2 P(X <= min(b, c))), X ~ Bin(b + c, 1/2)
    double chiSquare = 0;  ///< max(0, |b - c| - 1)² / (b + c), continuity-corrected; 0 when b + c = 0
    double chiSquareP = 1; ///< upper tail of chi-squared(1) at chiSquare
};

/// McNemar's test for `onlyACorrect` (b) and `onlyBCorrect` (c) discordant samples. No discordant
/// samples: exactP = chiSquareP = 1. The continuity correction never goes past zero (|b - c| <= 1
/// gives chi-square 0, p 1), as in Yates' correction: an even split is no evidence either way.
/// Throws std::invalid_argument for a negative count.
McNemarResult mcnemarTest(int64_t onlyACorrect, int64_t onlyBCorrect);

/// The result for a person: "exact p 0.0031 (312 only A right, 250 only B right): the two models'
/// accuracies differ at the 5% level", or "... no evidence that they differ at the 5% level".
std::string describeMcNemar(const McNemarResult& result);

} // namespace flipbench
