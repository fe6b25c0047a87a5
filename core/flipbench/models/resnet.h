#pragma once

#include "flipbench/models/classifier.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace flipbench {

/// torchvision's BasicBlock; member names match its state_dict (conv1, bn1, conv2, bn2, downsample).
class BasicBlockImpl : public torch::nn::Module {
public:
    BasicBlockImpl(int64_t inPlanes, int64_t planes, int64_t stride);
    torch::Tensor forward(torch::Tensor x);

private:
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
    torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

enum class ResNetStem {
    ImageNet, ///< 7x7 stride-2 conv + 3x3 stride-2 max-pool, as torchvision.models.resnet18
    Cifar     ///< 3x3 stride-1 conv, no max-pool
};

/// ResNet-18 whose parameter and buffer names are identical to torchvision's, so that a
/// torchvision state_dict maps one to one (conv1.weight, bn1.*, layer1.0.conv1.weight, ..., fc.*).
class ResNet18Impl : public ClassifierImpl {
public:
    ResNet18Impl(int64_t numClasses, ResNetStem stem);
    torch::Tensor forward(torch::Tensor x) override;

private:
    torch::nn::Sequential makeLayer(int64_t planes, int64_t stride);

    ResNetStem stem_;
    int64_t inPlanes_ = 64;
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
    torch::nn::Linear fc{nullptr};
};

} // namespace flipbench
