#pragma once

#include "flipbench/methods/method_config.h"

#include <torch/types.h>

#include <optional>
#include <string>

namespace flipbench {

/// Focal Distillation (Yan et al., CVPR 2021): per sample w_i * D(z_new, z_old), then the batch mean;
/// or mean(w) * mean(D) with FocusWeighting::BatchMean (the reference's KL mode).
torch::Tensor focalDistillationLoss(const torch::Tensor& newLogits, const torch::Tensor& oldLogits,
                                    const torch::Tensor& labels, const FocalDistillationOptions& options);

/// The per-sample focus weights of FD (N), exposed for tests and for the gallery's explanations.
torch::Tensor focusWeights(const torch::Tensor& newLogits, const torch::Tensor& oldLogits, const torch::Tensor& labels,
                           const FocalDistillationOptions& options);

/// Logit Difference Inhibition (ELODI, Zhao et al. 2022): per sample (1/C) sum over the selected
/// classes of max(|z_new - z_old| - margin, 1e-7)^p (one-sided: max(z_new - z_old - margin, 0)^p),
/// then the batch mean. Unselected classes (the true one by default, those outside top-k) count as 0.
torch::Tensor logitDifferenceLoss(const torch::Tensor& newLogits, const torch::Tensor& oldLogits,
                                  const torch::Tensor& labels, const LogitDifferenceOptions& options);

/// kd_alpha set: kd_alpha * kd_loss_weight * reg + (1 - kd_alpha) * ce; unset: ce + kd_loss_weight * reg.
torch::Tensor combineLosses(const torch::Tensor& crossEntropy, const torch::Tensor& regulariser,
                            std::optional<double> kdAlpha, double kdLossWeight);

} // namespace flipbench
