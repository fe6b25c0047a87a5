#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace flipbench {

/// Base of every image classifier: N x 3 x 32 x 32 normalised images in, N x C logits out.
class ClassifierImpl : public torch::nn::Module {
public:
    virtual torch::Tensor forward(torch::Tensor images) = 0;
};

using Classifier = std::shared_ptr<ClassifierImpl>;

/// "resnet18" (torchvision layout, ImageNet stem), "resnet18_cifar" (3x3 stem, no max-pool) or
/// "small_cnn". Throws ConfigError naming the known architectures otherwise.
Classifier makeClassifier(const std::string& arch, int64_t numClasses);

const std::vector<std::string>& knownArchitectures();

/// Re-initialises the classifier layer `fc` kaiming-normal (fan_out, relu) with bias 0: the
/// reference's --reinit_linear (ConstrainedUpgrade/train.py:643-647), model.fc_init "kaiming_fan_out".
void reinitClassifierLayer(ClassifierImpl& model);

} // namespace flipbench
