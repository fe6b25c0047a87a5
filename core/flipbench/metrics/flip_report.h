#pragma once

// The result of comparing an old model A with a new model B on one test set, as plain values: no
// LibTorch header, so the GUI's widgets and the CLI's printers can hold it without the tensor
// library. flip_metrics.h computes it.

#include <cstdint>
#include <vector>

namespace flipbench {

/// Counts of the 2x2 flip table of an old model A and a new model B.
struct FlipTable {
    int64_t bothCorrect = 0;
    int64_t negativeFlips = 0; ///< A correct, B wrong
    int64_t positiveFlips = 0; ///< A wrong, B correct
    int64_t bothWrong = 0;
};

struct NegativeFlip {
    int64_t index = 0;
    int64_t label = 0;
    int64_t predA = 0, predB = 0;
    double pTrueA = 0, pTrueB = 0; ///< softmax probability of the true class
};

/// Comparison of A (old) and B (new) on one test set. Rates are fractions in [0,1].
struct FlipReport {
    int64_t samples = 0;
    int64_t numClasses = 0;
    double accA = 0, accB = 0;
    double nfr = 0; ///< negative flips / samples
    double pfr = 0; ///< positive flips / samples
    double nfi = 0; ///< negative flips / B's errors (0 when B makes none)
    double btc = 0; ///< both correct / A correct
    double bec = 0; ///< both wrong / B wrong: the share of B's errors A made too (1 when B makes none)
    FlipTable table;
    /// [true class][B's prediction] counts of negative flips (C x C, diagonal always 0).
    std::vector<std::vector<int64_t>> negativeFlipMatrix;
    std::vector<NegativeFlip> negativeFlips; ///< in sample order
};

} // namespace flipbench
