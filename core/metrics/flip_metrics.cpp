#include "flipbench/util/tensor_text.h"
#include "flipbench/metrics/flip_metrics.h"

#include "flipbench/util/errors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace flipbench {

namespace {

double ratio(int64_t numerator, int64_t denominator)
{
    return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

void requireShapes(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& labels, int64_t dims)
{
    const int64_t n = labels.numel();
    if (labels.dim() != 1 || a.dim() != dims || b.dim() != dims || a.size(0) != n || b.size(0) != n ||
        (dims == 2 && a.size(1) != b.size(1)))
        throw UserError("Cannot compare models with outputs of shapes " + describeShape(a) + " and " +
                        describeShape(b) + " on " + std::to_string(n) +
                        " labels: they were not evaluated on the same test set");
}

/// The shared part: everything that only needs predicted classes.
FlipReport reportFromPredictions(const torch::Tensor& predA, const torch::Tensor& predB, const torch::Tensor& labels,
                                 int64_t numClasses)
{
    const auto a = predA.to(torch::kInt64).contiguous();
    const auto b = predB.to(torch::kInt64).contiguous();
    const auto y = labels.to(torch::kInt64).contiguous();
    const int64_t* pa = a.data_ptr<int64_t>();
    const int64_t* pb = b.data_ptr<int64_t>();
    const int64_t* py = y.data_ptr<int64_t>();

    FlipReport r;
    r.samples = y.numel();
    r.numClasses = numClasses;
    r.negativeFlipMatrix.assign(static_cast<size_t>(numClasses),
                                std::vector<int64_t>(static_cast<size_t>(numClasses), 0));
    for (int64_t i = 0; i < r.samples; ++i) {
        const bool okA = pa[i] == py[i], okB = pb[i] == py[i];
        if (okA && okB) {
            ++r.table.bothCorrect;
        } else if (okA) {
            ++r.table.negativeFlips;
            if (py[i] >= 0 && py[i] < numClasses && pb[i] >= 0 && pb[i] < numClasses)
                ++r.negativeFlipMatrix[static_cast<size_t>(py[i])][static_cast<size_t>(pb[i])];
            r.negativeFlips.push_back({i, py[i], pa[i], pb[i], 0.0, 0.0});
        } else if (okB) {
            ++r.table.positiveFlips;
        } else {
            ++r.table.bothWrong;
        }
    }
    const FlipTable& t = r.table;
    const int64_t correctA = t.bothCorrect + t.negativeFlips, correctB = t.bothCorrect + t.positiveFlips;
    r.accA = ratio(correctA, r.samples);
    r.accB = ratio(correctB, r.samples);
    r.nfr = ratio(t.negativeFlips, r.samples);
    r.pfr = ratio(t.positiveFlips, r.samples);
    r.nfi = ratio(t.negativeFlips, r.samples - correctB);
    r.btc = ratio(t.bothCorrect, correctA);
    // BEC as Bansal et al. (2019) and Srivastava et al. (2020) define it: the share of the new
    // model's errors that the old model made too; a new model without errors breaks nothing (1).
    r.bec = correctB == r.samples ? 1.0 : ratio(t.bothWrong, r.samples - correctB);
    return r;
}

} // namespace

FlipReport comparePredictions(const torch::Tensor& predA, const torch::Tensor& predB, const torch::Tensor& labels,
                              int64_t numClasses)
{
    requireShapes(predA, predB, labels, 1);
    return reportFromPredictions(predA, predB, labels, numClasses);
}

FlipReport compareLogits(const torch::Tensor& logitsA, const torch::Tensor& logitsB, const torch::Tensor& labels)
{
    requireShapes(logitsA, logitsB, labels, 2);
    FlipReport r = reportFromPredictions(logitsA.argmax(1), logitsB.argmax(1), labels, logitsA.size(1));
    if (!r.negativeFlips.empty()) {
        const auto y = labels.to(torch::kInt64).unsqueeze(1);
        const auto pTrueA = torch::softmax(logitsA.to(torch::kFloat64), 1).gather(1, y).squeeze(1).contiguous();
        const auto pTrueB = torch::softmax(logitsB.to(torch::kFloat64), 1).gather(1, y).squeeze(1).contiguous();
        for (auto& flip : r.negativeFlips) {
            flip.pTrueA = pTrueA.data_ptr<double>()[flip.index];
            flip.pTrueB = pTrueB.data_ptr<double>()[flip.index];
        }
    }
    return r;
}

std::vector<std::vector<double>> pairwiseNfr(const std::vector<torch::Tensor>& logits, const torch::Tensor& labels)
{
    std::vector<torch::Tensor> predictions;
    for (const auto& l : logits) {
        requireShapes(l, logits.front(), labels, 2);
        predictions.push_back(l.argmax(1));
    }
    return pairwiseNfrFromPredictions(predictions, labels);
}

std::vector<std::vector<double>> pairwiseNfrFromPredictions(const std::vector<torch::Tensor>& predictions,
                                                            const torch::Tensor& labels)
{
    for (const auto& p : predictions)
        if (p.dim() != 1 || p.size(0) != labels.size(0))
            throw UserError("Pairwise NFR: every model needs one prediction per test sample (" +
                            std::to_string(labels.size(0)) + "), got shape " + describeShape(p));
    const size_t n = predictions.size();
    std::vector<std::vector<double>> matrix(n, std::vector<double>(n, 0.0));
    const double samples = static_cast<double>(std::max<int64_t>(labels.numel(), 1));
    for (size_t i = 0; i < n; ++i) {
        const auto correctOld = predictions[i].eq(labels);
        for (size_t j = 0; j < n; ++j)
            if (i != j)
                matrix[i][j] = correctOld.logical_and(predictions[j].ne(labels)).sum().item<double>() / samples;
    }
    return matrix;
}

torch::Tensor ensembleLogits(const std::vector<torch::Tensor>& logits)
{
    if (logits.empty())
        throw UserError("An ensemble needs at least one model");
    return torch::stack(logits).mean(0);
}

nlohmann::json toJson(const FlipReport& r, bool includeSamples)
{
    nlohmann::json j = {
        {"samples", r.samples},
        {"acc_a", r.accA},
        {"acc_b", r.accB},
        {"nfr", r.nfr},
        {"pfr", r.pfr},
        {"nfi", r.nfi},
        {"btc", r.btc},
        {"bec", r.bec},
        {"flip_table",
         {{"both_correct", r.table.bothCorrect},
          {"negative_flips", r.table.negativeFlips},
          {"positive_flips", r.table.positiveFlips},
          {"both_wrong", r.table.bothWrong}}},
        {"negative_flip_matrix", r.negativeFlipMatrix},
    };
    if (includeSamples) {
        nlohmann::json samples = nlohmann::json::array();
        for (const auto& f : r.negativeFlips)
            samples.push_back({{"index", f.index},
                               {"label", f.label},
                               {"pred_a", f.predA},
                               {"pred_b", f.predB},
                               {"p_true_a", f.pTrueA},
                               {"p_true_b", f.pTrueB}});
        j["negative_flips"] = samples;
    }
    return j;
}

} // namespace flipbench
