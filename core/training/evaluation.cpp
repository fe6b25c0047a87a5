#include "flipbench/training/evaluation.h"

#include "flipbench/data/augment.h"

#include <torch/torch.h>

namespace flipbench {

torch::Tensor computeLogits(ClassifierImpl& model, const ImageSet& set, const torch::Device& device, int64_t batchSize)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = model.is_training();
    model.eval();
    std::vector<torch::Tensor> chunks;
    for (int64_t begin = 0; begin < set.size(); begin += batchSize) {
        const auto images = set.images.slice(0, begin, std::min(begin + batchSize, set.size())).to(device);
        chunks.push_back(model.forward(normalizeImages(images)).to(torch::kCPU, torch::kFloat32));
    }
    model.train(wasTraining);
    if (chunks.empty())
        return torch::empty({0, 0}, torch::kFloat32);
    return torch::cat(chunks);
}

double accuracyOf(const torch::Tensor& logits, const torch::Tensor& labels)
{
    if (labels.numel() == 0)
        return 0;
    return logits.argmax(1).eq(labels).sum().item<double>() / static_cast<double>(labels.numel());
}

double meanCrossEntropy(const torch::Tensor& logits, const torch::Tensor& labels)
{
    if (labels.numel() == 0)
        return 0;
    return torch::nn::functional::cross_entropy(logits, labels).item<double>();
}

} // namespace flipbench
