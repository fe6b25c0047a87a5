#pragma once

// Old/new logit fusion: z = (1 - b) z_new + b z_old, with b chosen on the validation split (the
// simplest form of the gated fusion of Lai et al., EACL 2023). No retraining and no weights of its
// own, but both models run at inference: twice the new model's cost.

#include "flipbench/posthoc/posthoc_request.h"

namespace flipbench {

/// Fuses the stored logits of request.oldRun and request.newRun (logits.npy, val_logits.npy) over
/// the grid and writes the fused model at the chosen b as a completed run of kind "logit_fusion"
/// (posthoc.json holds the curve). Throws UserError when a run is not completed, has no validation
/// predictions, or the two were evaluated on different test or validation samples.
PosthocResult fuseLogits(const PosthocRequest& request);

} // namespace flipbench
