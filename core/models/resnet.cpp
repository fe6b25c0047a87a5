#include "flipbench/models/resnet.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/init.h>

namespace F = torch::nn::functional;

namespace flipbench {

namespace {

torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride)
{
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}

} // namespace

BasicBlockImpl::BasicBlockImpl(int64_t inPlanes, int64_t planes, int64_t stride)
{
    conv1 = register_module("conv1", conv3x3(inPlanes, planes, stride));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
    conv2 = register_module("conv2", conv3x3(planes, planes, 1));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
    if (stride != 1 || inPlanes != planes) {
        downsample = register_module(
            "downsample",
            torch::nn::Sequential(
                torch::nn::Conv2d(torch::nn::Conv2dOptions(inPlanes, planes, 1).stride(stride).bias(false)),
                torch::nn::BatchNorm2d(planes)));
    }
}

torch::Tensor BasicBlockImpl::forward(torch::Tensor x)
{
    torch::Tensor identity = downsample ? downsample->forward(x) : x;
    torch::Tensor out = F::relu(bn1(conv1(x)), F::ReLUFuncOptions().inplace(true));
    out = bn2(conv2(out));
    return F::relu(out + identity, F::ReLUFuncOptions().inplace(true));
}

ResNet18Impl::ResNet18Impl(int64_t numClasses, ResNetStem stem) : stem_(stem)
{
    if (stem == ResNetStem::ImageNet)
        conv1 = register_module("conv1",
                                torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
    else
        conv1 = register_module("conv1", conv3x3(3, 64, 1));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
    layer1 = register_module("layer1", makeLayer(64, 1));
    layer2 = register_module("layer2", makeLayer(128, 2));
    layer3 = register_module("layer3", makeLayer(256, 2));
    layer4 = register_module("layer4", makeLayer(512, 2));
    fc = register_module("fc", torch::nn::Linear(512, numClasses));

    // torchvision's initialisation: kaiming-normal (fan_out, relu) convs, BN weight 1 bias 0. fc keeps
    // nn.Linear's own init (uniform in +-1/sqrt(fan_in)), as torchvision's resnet18 and the reference
    // do; the reference's --reinit_linear is model.fc_init "kaiming_fan_out" (reinitClassifierLayer).
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* conv = module->as<torch::nn::Conv2d>()) {
            torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
        } else if (auto* bn = module->as<torch::nn::BatchNorm2d>()) {
            torch::nn::init::ones_(bn->weight);
            torch::nn::init::zeros_(bn->bias);
        }
    }
}

torch::nn::Sequential ResNet18Impl::makeLayer(int64_t planes, int64_t stride)
{
    torch::nn::Sequential layer;
    layer->push_back(BasicBlock(inPlanes_, planes, stride));
    inPlanes_ = planes;
    layer->push_back(BasicBlock(inPlanes_, planes, 1));
    return layer;
}

torch::Tensor ResNet18Impl::forward(torch::Tensor x)
{
    x = F::relu(bn1(conv1(x)), F::ReLUFuncOptions().inplace(true));
    if (stem_ == ResNetStem::ImageNet)
        x = F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
    x = layer4->forward(layer3->forward(layer2->forward(layer1->forward(x))));
    x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1)).flatten(1);
    return fc(x);
}

} // namespace flipbench
