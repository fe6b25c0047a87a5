#include "flipbench/classifier.h"

#include "flipbench/errors.h"
#include "flipbench/resnet.h"
#include "flipbench/small_cnn.h"

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

} // namespace flipbench
