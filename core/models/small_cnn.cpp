#include "flipbench/models/small_cnn.h"

#include <torch/nn/functional/pooling.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

namespace F = torch::nn::functional;

namespace flipbench {

SmallCnnImpl::SmallCnnImpl(int64_t numClasses)
{
    features = torch::nn::Sequential();
    int64_t in = 3;
    for (int64_t out : {32, 64, 128}) {
        features->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
        features->push_back(torch::nn::BatchNorm2d(out));
        features->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
        features->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
        in = out;
    }
    register_module("features", features);
    fc = register_module("fc", torch::nn::Linear(in, numClasses));
}

torch::Tensor SmallCnnImpl::forward(torch::Tensor x)
{
    x = features->forward(x);
    x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1)).flatten(1);
    return fc(x);
}

} // namespace flipbench
