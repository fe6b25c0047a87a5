#pragma once

// Comparing two loaded models: the choice between logits and predicted classes, the class count,
// and the per-sample outcomes. The one implementation behind the GUI's Compare view and
// `flipbench-cli compare`, so both show the same numbers by construction.

#include "flipbench/compare/model_comparison.h"
#include "flipbench/metrics/flip_report.h"
#include "flipbench/runs/run_predictions.h"

#include <cstdint>

namespace flipbench {

/// True when both sides carry logits: only then are probabilities (p(true), confidences) known.
bool comparesLogits(const RunPredictions& a, const RunPredictions& b);

/// The number of classes of a comparison. With logits on both sides, their width. Otherwise (a
/// `.result` file with predicted classes only) the largest of any side's logit width, class-name
/// count and class index + 1, so the negative-flip matrix has a row and column for every class seen.
int64_t inferNumClasses(const RunPredictions& a, const RunPredictions& b);

/// compareLogits when both sides have logits, comparePredictions (with inferNumClasses) otherwise.
/// Does not check that the test sets match: see requireSameTestSet.
FlipReport compareModels(const RunPredictions& a, const RunPredictions& b);

/// The report plus every sample's outcome, both softmaxes and class names; the caller fills the
/// paths, fingerprint, note and image source (compareModelSources does).
ModelComparison buildModelComparison(const RunPredictions& a, const RunPredictions& b);

} // namespace flipbench
