#pragma once

// Weight interpolation (BCWI, Schumann et al., EACL 2024): for a new model fine-tuned from the old
// one, theta(a) = (1 - a) theta_new + a theta_old. Batch-norm statistics do not interpolate (the
// mean of two variances is not the variance of the mixed model's activations), so they are
// recomputed on the training images for every a. One model at inference, as the new one.

#include "flipbench/posthoc/posthoc_request.h"
#include "flipbench/util/cancel_token.h"
#include "flipbench/util/progress_sink.h"

namespace flipbench {

/// Interpolates over the grid, evaluates each a on the validation and test splits, and writes the
/// model at the chosen a (final.pt, logits) as a completed run of kind "weight_interpolation".
/// Refuses (UserError, with the reason) two runs of different architectures or parameter shapes,
/// a new run not fine-tuned from the old one (method.init_from_reference), a run without a
/// validation split, and runs on different data. Stops at the next weight when `cancel` is set.
PosthocResult interpolateWeights(const PosthocRequest& request, ProgressSink& sink, const CancelToken& cancel);

} // namespace flipbench
