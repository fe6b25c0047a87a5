#pragma once

// Negative flip rates between every ordered pair of several models on one test set, with each
// model's accuracy: the GUI's All runs tab and `flipbench-cli pairwise`. No LibTorch header.

#include "flipbench/compare/model_source.h"

#include <string>
#include <vector>

namespace flipbench {

struct PairwiseComparison {
    std::vector<std::string> names;       ///< ModelSource::displayName, in the order given
    std::vector<std::vector<double>> nfr; ///< [old][new] NFR as a fraction, diagonal 0
    std::vector<double> accuracy;         ///< each model's accuracy as a fraction
};

/// Loads every model (loadModel); all must share the first one's test set (requireSameTestSet).
/// The matrix is pairwiseNfrFromPredictions of the predicted classes (the logits' argmax where
/// there are logits), so runs and prediction-only `.result` files mix. Empty for no models.
/// Throws UserError when a model cannot be read or the test sets differ.
PairwiseComparison comparePairwise(const std::vector<ModelSource>& models);

} // namespace flipbench
