#include "flipbench/methods/distillation_losses.h"

#include "flipbench/util/errors.h"

#include <torch/torch.h>

#include <limits>

namespace flipbench {

namespace {

const char* const kFilterNames[] = {"all_pass", "old_correct", "neg_flip", "new_incorrect"};

} // namespace

FocusFilter focusFilterFromString(const std::string& name)
{
    for (int i = 0; i < 4; ++i)
        if (name == kFilterNames[i])
            return static_cast<FocusFilter>(i);
    throw ConfigError("method.fd.filter: \"" + name +
                      "\" is not one of all_pass, old_correct, neg_flip, new_incorrect");
}

std::string toString(FocusFilter filter)
{
    return kFilterNames[static_cast<int>(filter)];
}

FocusWeighting focusWeightingFromString(const std::string& name)
{
    if (name == "per_sample")
        return FocusWeighting::PerSample;
    if (name == "batch_mean")
        return FocusWeighting::BatchMean;
    throw ConfigError("method.fd.weighting: \"" + name + "\" is not one of per_sample, batch_mean");
}

std::string toString(FocusWeighting weighting)
{
    return weighting == FocusWeighting::PerSample ? "per_sample" : "batch_mean";
}

torch::Tensor focusWeights(const torch::Tensor& newLogits, const torch::Tensor& oldLogits, const torch::Tensor& labels,
                           const FocalDistillationOptions& options)
{
    torch::NoGradGuard noGrad; // weights select samples; no gradient flows through them
    const auto oldCorrect = oldLogits.argmax(1).eq(labels);
    const auto newWrong = newLogits.argmax(1).ne(labels);
    torch::Tensor condition;
    switch (options.filter) {
    case FocusFilter::AllPass:
        return torch::ones({labels.size(0)}, newLogits.options().dtype(torch::kFloat32));
    case FocusFilter::OldCorrect:
        condition = oldCorrect;
        break;
    case FocusFilter::NegativeFlip:
        condition = oldCorrect.logical_and(newWrong);
        break;
    case FocusFilter::NewIncorrect:
        condition = newWrong;
        break;
    }
    return condition.to(torch::kFloat32) * options.filterScale + options.filterBase;
}

torch::Tensor focalDistillationLoss(const torch::Tensor& newLogits, const torch::Tensor& oldLogits,
                                    const torch::Tensor& labels, const FocalDistillationOptions& options)
{
    // Losses are computed in float32 even under bf16 autocast: KL of near-equal distributions and
    // large temperatures lose everything in 8 mantissa bits.
    const auto zNew = newLogits.to(torch::kFloat32);
    const auto zOld = oldLogits.to(torch::kFloat32).detach();
    torch::Tensor perSample;
    if (options.divergence == "l2") {
        perSample = (zNew - zOld).pow(2).mean(1);
    } else {
        const double t = options.temperature;
        const auto logPNew = torch::log_softmax(zNew / t, 1);
        const auto logPOld = torch::log_softmax(zOld / t, 1);
        perSample = (logPOld.exp() * (logPOld - logPNew)).sum(1) * (t * t);
    }
    const auto weights = focusWeights(zNew, zOld, labels, options);
    if (options.weighting == FocusWeighting::BatchMean)
        return weights.mean() * perSample.mean();
    return (weights * perSample).mean();
}

torch::Tensor logitDifferenceLoss(const torch::Tensor& newLogits, const torch::Tensor& oldLogits,
                                  const torch::Tensor& labels, const LogitDifferenceOptions& options)
{
    const auto zNew = newLogits.to(torch::kFloat32);
    const auto zOld = oldLogits.to(torch::kFloat32).detach();
    // Two-sided: max(|d| - margin, 1e-7)^p; one-sided: max(d - margin, 0)^p with d = z_new - z_old, the
    // floors as in the reference (losses.py:122, 138).
    const auto penalty = options.oneSided ? (zNew - zOld - options.margin).clamp_min(0.0).pow(options.p)
                                          : ((zNew - zOld).abs() - options.margin).clamp_min(1e-7).pow(options.p);
    auto mask = torch::ones_like(penalty);
    if (options.excludeGroundTruth)
        mask.scatter_(1, labels.unsqueeze(1), 0.0);
    const int64_t classes = zOld.size(1);
    if (options.topK > 0 && options.topK < classes) {
        auto oldForRanking = zOld.clone();
        if (options.excludeGroundTruth) // the k largest among the classes that still count
            oldForRanking.scatter_(1, labels.unsqueeze(1), -std::numeric_limits<float>::infinity());
        const auto top = std::get<1>(oldForRanking.topk(options.topK, 1));
        mask = mask * torch::zeros_like(penalty).scatter_(1, top, 1.0);
    }
    // The mean over all C columns, the masked ones counting as zero (losses.py:147, 154).
    return (penalty * mask).mean(1).mean();
}

torch::Tensor combineLosses(const torch::Tensor& crossEntropy, const torch::Tensor& regulariser,
                            std::optional<double> kdAlpha, double kdLossWeight)
{
    if (kdAlpha)
        return *kdAlpha * kdLossWeight * regulariser + (1 - *kdAlpha) * crossEntropy;
    return crossEntropy + kdLossWeight * regulariser;
}

} // namespace flipbench
