#include "flipbench/data/augment.h"

#include <torch/torch.h>

namespace F = torch::nn::functional;

namespace flipbench {

torch::Tensor normalizeImages(const torch::Tensor& uint8Images)
{
    // (x / 255 - 0.5) / 0.5 in one fused expression.
    return uint8Images.to(torch::kFloat32).mul_(2.0 / 255.0).sub_(1.0);
}

torch::Tensor randomCropReflect(const torch::Tensor& images, int64_t pad)
{
    const int64_t n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
    const auto padded = F::pad(images, F::PadFuncOptions({pad, pad, pad, pad}).mode(torch::kReflect));
    const auto opts = torch::TensorOptions().dtype(torch::kInt64).device(images.device());
    // Per-sample offsets in [0, 2*pad]; rows/cols index the padded image.
    const auto top = torch::randint(0, 2 * pad + 1, {n, 1}, opts);
    const auto left = torch::randint(0, 2 * pad + 1, {n, 1}, opts);
    const auto rows = (top + torch::arange(h, opts)).view({n, 1, h, 1}).expand({n, c, h, w + 2 * pad});
    const auto cols = (left + torch::arange(w, opts)).view({n, 1, 1, w}).expand({n, c, h, w});
    return padded.gather(2, rows).gather(3, cols);
}

torch::Tensor randomHorizontalFlip(const torch::Tensor& images)
{
    const auto flip = torch::rand({images.size(0), 1, 1, 1}, images.options().dtype(torch::kFloat32)) < 0.5;
    return torch::where(flip, images.flip({3}), images);
}

} // namespace flipbench
