#include "flipbench/pytorch/model_export.h"

#include "flipbench/models/classifier.h"
#include "flipbench/pytorch/npz_writer.h"
#include "flipbench/runs/dataset_record.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/training/checkpoint.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <torch/serialize.h>

#include <utility>

namespace flipbench {

namespace fs = std::filesystem;

ExportSummary exportModel(const ExportRequest& request)
{
    if (request.selection != "final" && request.selection != "best")
        throw UserError("--selection must be final or best, got \"" + request.selection + "\"");
    if (!fs::is_regular_file(request.run / "status.json"))
        throw UserError(request.run.string() + " is not a run folder (it has no status.json)");
    const RunFolder run = RunFolder::open(request.run);
    const RunStatus status = run.readStatus();
    if (status.state != RunState::Completed)
        throw UserError("run " + run.name() + " is " + toString(status.state) +
                        "; only a completed run has final weights to export (resume it first)");
    const nlohmann::json config = run.readJson("config.json");
    ExportSummary summary;
    try {
        summary.arch = config.at("model").at("arch").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        throw DataError(run.file("config.json").string() + ": model.arch is missing or not a string");
    }
    if (config.contains("posthoc") && config["posthoc"].is_object() &&
        config["posthoc"].value("kind", std::string()) == "logit_fusion")
        throw UserError("run " + run.name() +
                        " is a logit fusion of two models: it has no weights of its own (at inference it runs "
                        "both); export the old and the new run it names in config.json (posthoc.old, posthoc.new)");
    const std::string trainedSelection = config.contains("train") && config["train"].is_object()
                                             ? config["train"].value("selection", std::string("final"))
                                             : std::string("final");
    summary.weights = run.file(request.selection == "final" ? "final.pt" : "best.pt");
    if (!fs::is_regular_file(summary.weights))
        throw UserError("run " + run.name() + " has no " + summary.weights.filename().string() +
                        (request.selection == "best" ? ": it was trained with train.selection final, so its final "
                                                       "weights are its model; export --selection final"
                                                     : ""));
    summary.matchesRunLogits = (request.selection == "final") == (trainedSelection == "final");
    summary.numClasses = static_cast<int64_t>(readDatasetRecord(run.file("dataset.json")).classNames.size());
    Classifier model = makeClassifier(summary.arch, summary.numClasses);
    loadWeights(summary.weights, *model, torch::kCPU);

    // Parameters, then buffers, each in registration order: the order of torchvision's
    // state_dict() within each kind, and the key names are torchvision's (state_dict_import.h).
    std::vector<std::pair<std::string, torch::Tensor>> arrays;
    for (const auto& p : model->named_parameters())
        arrays.emplace_back(p.key(), p.value().detach().contiguous());
    for (const auto& b : model->named_buffers())
        arrays.emplace_back(b.key(), b.value().detach().contiguous());
    for (const auto& [key, tensor] : arrays) {
        summary.keys.push_back(key);
        summary.values += tensor.numel();
    }

    if (request.format == ExportFormat::Npz) {
        writeNpz(request.output, arrays);
        return summary;
    }
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto& [key, tensor] : arrays)
        dict.insert(key, tensor);
    // torch::pickle_save writes torch.save's ZIP format (the one Python's torch.load reads).
    const std::vector<char> bytes = torch::pickle_save(torch::IValue(dict));
    writeTextAtomically(request.output, std::string(bytes.begin(), bytes.end()));
    return summary;
}

} // namespace flipbench
