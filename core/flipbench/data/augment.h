#pragma once

#include <torch/types.h>

namespace flipbench {

/// uint8 N x 3 x H x W -> float in [0,1] -> Normalize(mean 0.5, std 0.5), i.e. [-1, 1].
torch::Tensor normalizeImages(const torch::Tensor& uint8Images);

/// Random crop of the same size from the image reflect-padded by `pad`, per sample, done as two
/// gathers on whatever device the batch is on (no per-sample loop). Uses the global generator.
torch::Tensor randomCropReflect(const torch::Tensor& images, int64_t pad);

/// Flips each sample horizontally with probability 0.5.
torch::Tensor randomHorizontalFlip(const torch::Tensor& images);

} // namespace flipbench
