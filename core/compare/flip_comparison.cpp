#include "flipbench/compare/flip_comparison.h"

#include "flipbench/metrics/flip_metrics.h"

#include <torch/torch.h>

#include <algorithm>
#include <limits>

namespace flipbench {

namespace {

/// Softmax of N x C logits, computed in double like compareLogits so p(true) matches its values.
torch::Tensor softmaxOf(const torch::Tensor& logits)
{
    return torch::softmax(logits.to(torch::kFloat64), 1).contiguous();
}

std::vector<float> toFloatVector(const torch::Tensor& probs)
{
    const auto f = probs.to(torch::kFloat32).contiguous();
    const float* p = f.data_ptr<float>();
    return std::vector<float>(p, p + f.numel());
}

std::vector<std::string> classNamesOf(const RunPredictions& a, const RunPredictions& b, int numClasses)
{
    const auto& named = !a.classNames.empty() ? a.classNames : b.classNames;
    std::vector<std::string> names;
    for (int c = 0; c < numClasses; ++c)
        names.push_back(c < static_cast<int>(named.size()) ? named[static_cast<size_t>(c)] : std::to_string(c));
    return names;
}

} // namespace

bool comparesLogits(const RunPredictions& a, const RunPredictions& b)
{
    return a.logits.defined() && b.logits.defined();
}

int64_t inferNumClasses(const RunPredictions& a, const RunPredictions& b)
{
    if (comparesLogits(a, b))
        return a.logits.size(1); // compareLogits requires both widths to be equal
    // Predicted classes only on a side: whatever the logits, names and values cover.
    int64_t n = static_cast<int64_t>(std::max(a.classNames.size(), b.classNames.size()));
    for (const RunPredictions* side : {&a, &b})
        if (side->logits.defined() && side->logits.dim() == 2)
            n = std::max(n, side->logits.size(1));
    for (const auto& t : {a.predictions, b.predictions, a.labels, b.labels})
        if (t.defined() && t.numel() > 0)
            n = std::max(n, t.max().item<int64_t>() + 1);
    return n;
}

FlipReport compareModels(const RunPredictions& a, const RunPredictions& b)
{
    return comparesLogits(a, b) ? compareLogits(a.logits, b.logits, a.labels)
                                : comparePredictions(a.predictions, b.predictions, a.labels, inferNumClasses(a, b));
}

ModelComparison buildModelComparison(const RunPredictions& a, const RunPredictions& b)
{
    const bool probs = comparesLogits(a, b);
    const int64_t numClasses = inferNumClasses(a, b);

    ModelComparison c;
    c.report = compareModels(a, b);
    c.nameA = a.name;
    c.nameB = b.name;
    c.pathA = a.dir.string();
    c.pathB = b.dir.string();
    c.numClasses = static_cast<int>(numClasses);
    c.classNames = classNamesOf(a, b, c.numClasses);
    c.hasProbabilities = probs;

    const auto labels = a.labels.to(torch::kInt64).contiguous();
    const auto predA = a.predictions.to(torch::kInt64).contiguous();
    const auto predB = b.predictions.to(torch::kInt64).contiguous();
    const int64_t n = labels.numel();
    const int64_t* y = labels.data_ptr<int64_t>();
    const int64_t* pa = predA.data_ptr<int64_t>();
    const int64_t* pb = predB.data_ptr<int64_t>();
    const double* sa = nullptr;
    const double* sb = nullptr;
    torch::Tensor softA, softB;
    if (probs) {
        softA = softmaxOf(a.logits);
        softB = softmaxOf(b.logits);
        sa = softA.data_ptr<double>();
        sb = softB.data_ptr<double>();
        c.probsA = toFloatVector(softA);
        c.probsB = toFloatVector(softB);
    }
    const float nan = std::numeric_limits<float>::quiet_NaN();
    c.samples.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        SampleOutcome& s = c.samples[static_cast<size_t>(i)];
        s.index = static_cast<int>(i);
        s.label = static_cast<int>(y[i]);
        s.predA = static_cast<int>(pa[i]);
        s.predB = static_cast<int>(pb[i]);
        if (probs) {
            const double* rowA = sa + i * numClasses;
            const double* rowB = sb + i * numClasses;
            s.confA = static_cast<float>(rowA[pa[i]]);
            s.confB = static_cast<float>(rowB[pb[i]]);
            s.pTrueA = static_cast<float>(rowA[y[i]]);
            s.pTrueB = static_cast<float>(rowB[y[i]]);
        } else {
            s.confA = s.confB = s.pTrueA = s.pTrueB = nan;
        }
    }
    return c;
}

} // namespace flipbench
