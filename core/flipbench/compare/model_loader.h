#pragma once

// Loading one comparison side into test-set predictions. An ensemble becomes one model with the
// mean of its members' logits (ensembleLogits, ELODI's reference), so everything downstream treats
// it like a single run.

#include "flipbench/compare/model_source.h"
#include "flipbench/runs/run_predictions.h"

namespace flipbench {

/// A run folder or `.result` file (loadPredictions), or the ensemble of `source.members`: every
/// member must have logits and share the first member's test set. The result's name is
/// its folder or file name, an ensemble's source.displayName(); an ensemble keeps its first member's folder,
/// fingerprint and class names. Throws UserError naming the member that cannot be used and why.
RunPredictions loadModel(const ModelSource& source);

} // namespace flipbench
