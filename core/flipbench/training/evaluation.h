#pragma once

#include "flipbench/models/classifier.h"
#include "flipbench/data/image_set.h"

namespace flipbench {

/// Logits of `model` (in eval mode, without autograd) for every image of `set`, as a float32
/// N x C tensor on the CPU. The model's train/eval mode is restored afterwards.
torch::Tensor computeLogits(ClassifierImpl& model, const ImageSet& set, const torch::Device& device, int64_t batchSize);

/// Fraction of rows whose arg-max equals the label.
double accuracyOf(const torch::Tensor& logits, const torch::Tensor& labels);

double meanCrossEntropy(const torch::Tensor& logits, const torch::Tensor& labels);

} // namespace flipbench
