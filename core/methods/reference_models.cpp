#include "flipbench/methods/reference_models.h"

#include "flipbench/data/augment.h"
#include "flipbench/runs/dataset_record.h"
#include "flipbench/training/checkpoint.h"
#include "flipbench/util/errors.h"
#include "flipbench/training/evaluation.h"
#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/runs/run_store.h"

#include <torch/torch.h>

namespace fs = std::filesystem;

namespace flipbench {

ReferenceRun resolveReferenceRun(const std::string& nameOrPath, const fs::path& workspace,
                                 const std::string& testFingerprint, const std::string& field)
{
    fs::path dir = nameOrPath;
    if (dir.is_relative())
        dir = workspace / dir;
    if (!fs::is_regular_file(dir / "status.json"))
        throw ConfigError(field + ": \"" + nameOrPath + "\" is not a run folder (looked in " + dir.string() + ")");
    const RunFolder run = RunFolder::open(dir);
    const RunStatus status = run.readStatus();
    if (status.state != RunState::Completed)
        throw ConfigError(field + ": run " + run.name() + " is " + toString(status.state) +
                          "; only a completed run can be a reference");
    ReferenceRun ref;
    ref.dir = run.dir();
    ref.name = run.name();
    const auto config = run.readJson("config.json");
    ref.arch = config.at("model").at("arch").get<std::string>();
    const std::string selection = config.at("train").value("selection", "final");
    ref.weights = run.file(selection == "final" ? "final.pt" : "best.pt");
    if (!fs::is_regular_file(ref.weights))
        throw ConfigError(field + ": run " + run.name() + " has no " + ref.weights.filename().string());
    ref.fingerprint = readDatasetRecord(run.file("dataset.json")).fingerprint;
    if (ref.fingerprint != testFingerprint)
        throw ConfigError(field + ": run " + run.name() + " was evaluated on another test set (fingerprint " +
                          ref.fingerprint + ", this run's is " + testFingerprint +
                          "); flips against it would be meaningless. Use the same data folder and test_limit.");
    return ref;
}

ReferenceModels::ReferenceModels(const std::vector<ReferenceRun>& runs, int64_t numClasses, const torch::Device& device)
    : runs_(runs), device_(device)
{
    for (const auto& run : runs) {
        Classifier model = makeClassifier(run.arch, numClasses);
        loadWeights(run.weights, *model, device);
        model->to(device);
        model->eval();
        models_.push_back(model);
    }
}

torch::Tensor ReferenceModels::logits(const torch::Tensor& normalizedImages)
{
    torch::NoGradGuard noGrad;
    torch::Tensor sum;
    for (auto& model : models_) {
        auto out = model->forward(normalizedImages).to(torch::kFloat32);
        sum = sum.defined() ? sum + out : out;
    }
    return models_.size() == 1 ? sum : sum / static_cast<double>(models_.size());
}

torch::Tensor ReferenceModels::logitsFor(const ImageSet& set, int64_t batchSize)
{
    std::vector<torch::Tensor> members;
    for (auto& model : models_)
        members.push_back(computeLogits(*model, set, device_, batchSize));
    return ensembleLogits(members);
}

} // namespace flipbench
