#include "flipbench/compare/pairwise_comparison.h"

#include "flipbench/compare/model_loader.h"
#include "flipbench/metrics/flip_metrics.h"

#include <torch/torch.h>

#include <algorithm>

namespace flipbench {

PairwiseComparison comparePairwise(const std::vector<ModelSource>& models)
{
    std::vector<RunPredictions> runs;
    for (const ModelSource& model : models) {
        runs.push_back(loadModel(model));
        if (runs.size() > 1)
            requireSameTestSet(runs.front(), runs.back());
    }
    PairwiseComparison result;
    if (runs.empty())
        return result;
    const torch::Tensor labels = runs.front().labels.to(torch::kInt64);
    // Predictions are the logits' argmax where there are logits, so one formula serves runs and
    // prediction-only .result files alike.
    std::vector<torch::Tensor> predictions;
    for (const auto& r : runs)
        predictions.push_back(r.predictions.to(torch::kInt64));
    result.nfr = pairwiseNfrFromPredictions(predictions, labels);

    const double samples = static_cast<double>(std::max<int64_t>(labels.numel(), 1));
    for (size_t i = 0; i < runs.size(); ++i) {
        result.names.push_back(runs[i].name);
        result.accuracy.push_back(predictions[i].eq(labels).sum().item<double>() / samples);
    }
    return result;
}

} // namespace flipbench
