#include "flipbench/posthoc/weight_interpolation.h"

#include "flipbench/config/run_config.h"
#include "flipbench/data/augment.h"
#include "flipbench/models/classifier.h"
#include "flipbench/posthoc/posthoc_run.h"
#include "flipbench/runs/plan_summary.h"
#include "flipbench/runs/run_session.h"
#include "flipbench/training/checkpoint.h"
#include "flipbench/training/evaluation.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <torch/torch.h>

#include <cstdio>

namespace flipbench {

namespace fs = std::filesystem;

namespace {

const char* const kMethod = "weight interpolation";

/// The weights a run's logits came from (its train.selection), as a reference run is loaded.
Classifier loadRunModel(const fs::path& dir, const nlohmann::json& config, int64_t numClasses)
{
    const std::string arch = config.at("model").at("arch").get<std::string>();
    const std::string selection =
        config.value("train", nlohmann::json::object()).value("selection", std::string("final"));
    const fs::path weights = dir / (selection == "final" ? "final.pt" : "best.pt");
    if (!fs::is_regular_file(weights))
        throw UserError(std::string(kMethod) + ": run " + dir.filename().string() + " has no " +
                        weights.filename().string() + " (its weights); only a trained or imported run can be mixed");
    Classifier model = makeClassifier(arch, numClasses);
    loadWeights(weights, *model, torch::kCPU);
    return model;
}

/// Refuses two models whose parameters do not pair up one to one.
void requireSameShapes(ClassifierImpl& oldModel, ClassifierImpl& newModel)
{
    const auto oldParams = oldModel.named_parameters(), newParams = newModel.named_parameters();
    if (oldParams.size() != newParams.size())
        throw UserError(std::string(kMethod) + ": the models have " + std::to_string(oldParams.size()) + " and " +
                        std::to_string(newParams.size()) +
                        " parameter tensors; only two models of one "
                        "architecture can be interpolated");
    for (const auto& p : newParams) {
        const torch::Tensor* other = oldParams.find(p.key());
        if (!other || other->sizes() != p.value().sizes())
            throw UserError(std::string(kMethod) + ": parameter " + p.key() + " has shape " +
                            (other ? c10::str(other->sizes()) : std::string("(none)")) + " in the old model and " +
                            c10::str(p.value().sizes()) + " in the new one; only equal shapes can be interpolated");
    }
}

/// Refuses a new run that did not start from the old one's weights: two independently trained
/// networks lie in different basins, and their average is no working model.
void requireFineTuned(const PosthocRequest& request, const nlohmann::json& newConfig)
{
    const nlohmann::json method = newConfig.value("method", nlohmann::json::object());
    const auto references = method.value("reference", nlohmann::json::array());
    std::error_code ec;
    const bool fromOld = method.value("init_from_reference", false) && references.size() == 1 &&
                         references[0].is_string() &&
                         fs::equivalent(fs::path(references[0].get<std::string>()), request.oldRun, ec);
    if (!fromOld)
        throw UserError(std::string(kMethod) + ": the new run " + request.newRun.filename().string() +
                        " was not fine-tuned from " + request.oldRun.filename().string() +
                        " (its config has no method.init_from_reference with that run as reference). Weights of "
                        "independently trained models do not interpolate into a working model; train the new run "
                        "with \"init_from_reference\": true against the old one, or use logit fusion");
}

/// Replaces the batch-norm statistics by those of the mixed model on `train`: every BN layer's
/// running mean and variance become the plain average over the batches (momentum none).
void recomputeBatchNorm(ClassifierImpl& model, const ImageSet& train, int64_t batchSize)
{
    for (auto& module : model.modules(/*include_self=*/false))
        if (auto* bn = module->as<torch::nn::BatchNorm2d>()) {
            bn->reset_running_stats();
            bn->options.momentum(c10::nullopt);
        }
    torch::NoGradGuard noGrad;
    model.train();
    for (int64_t begin = 0; begin < train.size(); begin += batchSize)
        model.forward(normalizeImages(train.images.slice(0, begin, std::min(begin + batchSize, train.size()))));
    model.eval();
}

} // namespace

PosthocResult interpolateWeights(const PosthocRequest& request, ProgressSink& sink, const CancelToken& cancel)
{
    const PosthocInputs in = loadPosthocInputs(request, kMethod);
    const nlohmann::json oldConfig = readJsonDocument(request.oldRun / "config.json");
    const std::string oldArch = oldConfig.value("model", nlohmann::json::object()).value("arch", std::string());
    const std::string newArch = in.newConfig.value("model", nlohmann::json::object()).value("arch", std::string());
    if (oldArch != newArch)
        throw UserError(std::string(kMethod) + ": the old model is a " + oldArch + ", the new one a " + newArch +
                        "; only two models of one architecture can be interpolated (logit fusion mixes any two)");
    requireFineTuned(request, in.newConfig);
    const int64_t numClasses = in.newTest.logits.size(1);
    Classifier oldModel = loadRunModel(request.oldRun, oldConfig, numClasses);
    Classifier newModel = loadRunModel(request.newRun, in.newConfig, numClasses);
    requireSameShapes(*oldModel, *newModel);
    if (request.threads > 0)
        torch::set_num_threads(request.threads);

    // The new run's own data: its training images for the BN statistics, and the validation and
    // test samples its predictions were made on (checked against them).
    const SplitDataset data = loadRunData(parseRunConfig(in.newConfig));
    if (!torch::equal(data.test.labels, in.newTest.labels) || !torch::equal(data.val.labels, in.newVal.labels))
        throw UserError(std::string(kMethod) + ": the data folder of " + in.newName +
                        " no longer holds the samples it was evaluated on; restore " +
                        in.newConfig.value("data", nlohmann::json::object()).value("path", std::string("its data")));
    const auto oldParams = oldModel->named_parameters();
    const auto newParams = newModel->named_parameters();
    constexpr int64_t kBatch = 256;

    auto mixed = [&](double a) {
        Classifier model = makeClassifier(newArch, numClasses);
        torch::NoGradGuard noGrad;
        for (auto& p : model->named_parameters())
            p.value().copy_(newParams[p.key()].mul(1 - a).add(oldParams[p.key()], a));
        recomputeBatchNorm(*model, data.train, kBatch);
        return model;
    };

    PosthocCurve curve;
    for (double a : request.grid) {
        if (cancel.isCancelled())
            throw UserError(std::string(kMethod) + ": cancelled before a = " + std::to_string(a) + "; nothing written");
        Classifier model = mixed(a);
        const torch::Tensor val = computeLogits(*model, data.val, torch::kCPU, kBatch);
        const torch::Tensor test = computeLogits(*model, data.test, torch::kCPU, kBatch);
        curve.points.push_back(measurePoint(a, val, test, in));
        const PosthocPoint& p = curve.points.back();
        char line[160];
        std::snprintf(line, sizeof line, "a = %g: validation accuracy %.2f%%, NFR %.2f%%", a, p.valAccuracy * 100,
                      p.valNfr * 100);
        sink.message(line);
    }
    chooseOnValidation(curve, request.tolerance, "a");

    const PosthocPoint& chosen = curve.points[curve.chosen];
    Classifier model = mixed(chosen.weight);
    PosthocOutput output;
    output.kind = "weight_interpolation";
    output.parameter = "a";
    output.inferenceModels = 1;
    output.testLogits = computeLogits(*model, data.test, torch::kCPU, kBatch);
    output.valLogits = computeLogits(*model, data.val, torch::kCPU, kBatch);
    output.model = model.get();
    char a[32];
    std::snprintf(a, sizeof a, "%g", chosen.weight);
    output.message = "Weight interpolation of " + in.newName + " (new) towards " + in.oldName + " (old) at a = " + a +
                     ", chosen on validation, batch-norm statistics recomputed on " +
                     std::to_string(data.train.size()) + " training images: test accuracy " +
                     formatPercent(chosen.testAccuracy) + ", NFR " + formatPercent(chosen.testNfr) + ".";
    PosthocResult result;
    result.run = writePosthocRun(request, in, curve, output);
    result.curve = curve;
    return result;
}

} // namespace flipbench
