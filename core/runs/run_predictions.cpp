#include "flipbench/runs/run_predictions.h"

#include "flipbench/runs/dataset_record.h"
#include "flipbench/util/errors.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/pytorch/torch_file.h"
#include "flipbench/util/tensor_text.h"

#include <torch/torch.h>

namespace fs = std::filesystem;

namespace flipbench {

RunPredictions loadRunPredictions(const fs::path& runDir)
{
    const RunFolder run = RunFolder::open(runDir);
    for (const char* file : {"logits.npy", "labels.npy", "dataset.json"})
        if (!fs::is_regular_file(run.file(file)))
            throw UserError("Run " + run.name() + " has no " + file + " (status: " + toString(run.readStatus().state) +
                            "); only completed runs can be compared");
    RunPredictions p;
    p.name = run.name();
    p.dir = run.dir();
    p.logits = readNpy(run.file("logits.npy"));
    p.labels = readNpy(run.file("labels.npy"));
    DatasetRecord dataset = readDatasetRecord(run.file("dataset.json"));
    p.fingerprint = std::move(dataset.fingerprint);
    p.classNames = std::move(dataset.classNames);
    if (p.logits.dim() != 2 || p.labels.dim() != 1 || p.logits.size(0) != p.labels.size(0))
        throw DataError("Run " + run.name() + ": logits.npy and labels.npy disagree on the number of test samples");
    p.predictions = p.logits.argmax(1);
    return p;
}

std::optional<RunPredictions> loadRunValidationPredictions(const fs::path& runDir)
{
    const RunFolder run = RunFolder::open(runDir);
    if (!fs::is_regular_file(run.file("val_logits.npy")) || !fs::is_regular_file(run.file("val_labels.npy")))
        return std::nullopt;
    RunPredictions p;
    p.name = run.name();
    p.dir = run.dir();
    p.logits = readNpy(run.file("val_logits.npy"));
    p.labels = readNpy(run.file("val_labels.npy"));
    if (p.logits.dim() != 2 || p.labels.dim() != 1 || p.logits.size(0) != p.labels.size(0))
        throw DataError("Run " + run.name() + ": val_logits.npy and val_labels.npy disagree on the number of samples");
    p.predictions = p.logits.argmax(1);
    return p;
}

RunPredictions loadResultFile(const fs::path& file)
{
    const PyValuePtr root = loadTorchFile(file);
    auto tensor = [&](const char* key) -> torch::Tensor {
        const PyValuePtr value = root->get(key);
        if (!value || !value->isTensor())
            return {};
        return std::get<torch::Tensor>(value->value);
    };
    RunPredictions p;
    p.name = file.filename().string();
    p.dir = fs::absolute(file);
    p.predictions = tensor("pred");
    p.labels = tensor("gt");
    if (!p.predictions.defined() || !p.labels.defined())
        throw UserError(file.string() + " holds a " + root->describe() +
                        " without \"pred\" and \"gt\" tensors; expected the seed notebook's .result format "
                        "(torch.save of {\"pred\": ..., \"gt\": ..., \"outputs\": ...})");
    // Class indices are integers; a float tensor here holds scores or probabilities, which a cast
    // would silently turn into class 0.
    for (const auto& [key, t] : {std::pair{"pred", p.predictions}, std::pair{"gt", p.labels}})
        if (!c10::isIntegralType(t.scalar_type(), /*includeBool=*/false))
            throw UserError(file.string() + ": \"" + key + "\" holds " + std::string(c10::toString(t.scalar_type())) +
                            " values; expected class indices (an integer tensor)");
    p.predictions = p.predictions.reshape({-1}).to(torch::kInt64);
    p.labels = p.labels.reshape({-1}).to(torch::kInt64);
    if (p.labels.numel() == 0)
        throw UserError(file.string() + ": \"gt\" is empty; there is nothing to compare");
    // Classes are small non-negative integers; anything else is not a classifier's output.
    for (const auto& t : {p.predictions, p.labels})
        if (t.min().item<int64_t>() < 0 || t.max().item<int64_t>() >= 1000)
            throw UserError(file.string() + ": \"pred\" and \"gt\" must hold class indices in 0..999");
    if (const auto outputs = tensor("outputs"); outputs.defined()) {
        if (outputs.dim() != 2 || !outputs.is_floating_point())
            throw UserError(file.string() + ": \"outputs\" is a " + std::string(c10::toString(outputs.scalar_type())) +
                            " tensor " + describeShape(outputs) + "; expected the scores, floats [samples x classes]");
        p.logits = outputs.to(torch::kFloat32);
    }
    if (p.predictions.size(0) != p.labels.size(0) || (p.logits.defined() && p.logits.size(0) != p.labels.size(0)))
        throw UserError(file.string() + ": \"pred\", \"gt\" and \"outputs\" disagree on the number of samples");
    return p;
}

RunPredictions loadPredictions(const fs::path& path)
{
    return fs::is_regular_file(path) ? loadResultFile(path) : loadRunPredictions(path);
}

std::string requireSameTestSet(const RunPredictions& a, const RunPredictions& b)
{
    if (!a.fingerprint.empty() && !b.fingerprint.empty()) {
        if (a.fingerprint != b.fingerprint)
            throw UserError("Runs " + a.name + " and " + b.name +
                            " were evaluated on different test sets (fingerprints " + a.fingerprint + " and " +
                            b.fingerprint +
                            "); flips are only defined on the same samples. Compare runs that use the "
                            "same data folder and test_limit.");
        return {};
    }
    if (a.labels.sizes() != b.labels.sizes() || !torch::equal(a.labels, b.labels))
        throw UserError(a.name + " and " + b.name + " do not have the same test labels (" +
                        std::to_string(a.labels.numel()) + " and " + std::to_string(b.labels.numel()) +
                        " samples, or a different order); they were not evaluated on the same test set");
    const std::string which = a.fingerprint.empty() ? a.name : b.name;
    return "Test sets matched by their labels: " + which + " carries no data-set fingerprint.";
}

} // namespace flipbench
