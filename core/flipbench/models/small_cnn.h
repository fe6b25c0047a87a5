#pragma once

#include "flipbench/models/classifier.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

namespace flipbench {

/// Three conv-BN-ReLU blocks (32, 64, 128 channels, each followed by 2x2 max-pool), global average
/// pooling and a linear layer: fast on a 2-core CPU, the same family as the reference CPU setting.
class SmallCnnImpl : public ClassifierImpl {
public:
    explicit SmallCnnImpl(int64_t numClasses);
    torch::Tensor forward(torch::Tensor x) override;

private:
    torch::nn::Sequential features{nullptr};
    torch::nn::Linear fc{nullptr};
};

} // namespace flipbench
