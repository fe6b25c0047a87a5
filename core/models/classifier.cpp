#include "flipbench/models/classifier.h"

#include "flipbench/util/errors.h"
#include "flipbench/models/resnet.h"
#include "flipbench/models/small_cnn.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/linear.h>

namespace flipbench {

const std::vector<std::string>& knownArchitectures()
{
    static const std::vector<std::string> names = {"resnet18", "resnet18_cifar", "small_cnn"};
    return names;
}

Classifier makeClassifier(const std::string& arch, int64_t numClasses)
{
    if (arch == "resnet18")
        return std::make_shared<ResNet18Impl>(numClasses, ResNetStem::ImageNet);
    if (arch == "resnet18_cifar")
        return std::make_shared<ResNet18Impl>(numClasses, ResNetStem::Cifar);
    if (arch == "small_cnn")
        return std::make_shared<SmallCnnImpl>(numClasses);
    throw ConfigError("model.arch: unknown architecture \"" + arch + "\" (known: resnet18, resnet18_cifar, small_cnn)");
}

void reinitClassifierLayer(ClassifierImpl& model)
{
    for (const auto& item : model.named_children()) {
        if (item.key() != "fc")
            continue;
        auto* fc = item.value()->as<torch::nn::Linear>();
        if (!fc)
            break;
        torch::NoGradGuard noGrad;
        torch::nn::init::kaiming_normal_(fc->weight, 0.0, torch::kFanOut, torch::kReLU);
        torch::nn::init::zeros_(fc->bias);
        return;
    }
    throw ConfigError("model.fc_init: this model has no linear classifier layer named fc");
}

} // namespace flipbench
