#pragma once

#include <nlohmann/json_fwd.hpp>
#include <torch/types.h>

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
    double bec = 0; ///< both wrong / A wrong
    FlipTable table;
    /// [true class][B's prediction] counts of negative flips (C x C, diagonal always 0).
    std::vector<std::vector<int64_t>> negativeFlipMatrix;
    std::vector<NegativeFlip> negativeFlips; ///< in sample order
};

/// `logitsA`, `logitsB`: N x C; `labels`: N (int64). Throws UserError on mismatched shapes.
FlipReport compareLogits(const torch::Tensor& logitsA, const torch::Tensor& logitsB, const torch::Tensor& labels);

/// Same from predicted classes only (no probabilities: pTrue fields are left at 0).
FlipReport comparePredictions(const torch::Tensor& predA, const torch::Tensor& predB, const torch::Tensor& labels,
                              int64_t numClasses);

/// N x N matrix: entry [i][j] is NFR with model i as old and model j as new (diagonal 0).
std::vector<std::vector<double>> pairwiseNfr(const std::vector<torch::Tensor>& logits, const torch::Tensor& labels);

/// The same from predicted classes (int64 N each), for prediction files without logits.
std::vector<std::vector<double>> pairwiseNfrFromPredictions(const std::vector<torch::Tensor>& predictions,
                                                            const torch::Tensor& labels);

/// An ensemble of models as one model: the mean of their logits (ELODI's reference).
torch::Tensor ensembleLogits(const std::vector<torch::Tensor>& logits);

nlohmann::json toJson(const FlipReport& report, bool includeSamples);

} // namespace flipbench
