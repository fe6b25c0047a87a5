#pragma once

#include <torch/types.h>

#include <string>

namespace flipbench {

/// A tensor's shape for messages: "[10 x 512]", "[]" for a scalar.
inline std::string describeShape(const torch::Tensor& t)
{
    std::string text = "[";
    for (int64_t d = 0; d < t.dim(); ++d)
        text += (d ? " x " : "") + std::to_string(t.size(d));
    return text + "]";
}

} // namespace flipbench
