#include "flipbench/pytorch/model_import.h"

#include "flipbench/training/checkpoint.h"
#include "flipbench/data/data_folder.h"
#include "flipbench/models/classifier.h"
#include "flipbench/training/device.h"
#include "flipbench/training/evaluation.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/runs/dataset_record.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/config/run_config.h"
#include "flipbench/pytorch/state_dict_import.h"
#include "flipbench/util/version.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace flipbench {

namespace {

void writeImportedRun(const RunFolder& run, const nlohmann::json& configJson, const SplitDataset& data,
                      ClassifierImpl& model, const torch::Tensor& logits, const torch::Device& device,
                      const std::filesystem::path& file)
{
    run.writeJson("config.json", configJson);
    DatasetRecord dataset; // an imported model was only evaluated: no train or validation size
    dataset.fingerprint = datasetFingerprint(data.test);
    dataset.classNames = data.classNames;
    dataset.source = data.sourceDir;
    dataset.testSize = data.test.size();
    writeDatasetRecord(run.file("dataset.json"), dataset);
    saveWeights(run.file("final.pt"), model);
    writeNpy(run.file("logits.npy"), logits);
    writeNpy(run.file("labels.npy"), data.test.labels);

    RunStatus status = run.readStatus();
    status.state = RunState::Completed;
    status.device = describeDevice(device);
    status.started = status.finished = nowIso8601();
    std::ostringstream message;
    message << "Imported from " << file.string() << ": test accuracy " << accuracyOf(logits, data.test.labels) * 100
            << "%";
    status.message = message.str();
    run.writeStatus(status);
}

} // namespace

RunFolder importModel(const ImportRequest& request)
{
    RunConfig config;
    config.name = request.name.empty() ? request.file.stem().string() : request.name;
    config.model.arch = request.arch;
    config.data.testLimit = request.testLimit;
    config.train.device = request.device;
    config = parseRunConfig(toJson(config)); // same name and arch checks as any run
    const torch::Device device = resolveDevice(config.train.device);

    const StateDict stateDict = extractStateDict(loadTorchFile(request.file), request.file);
    // Only the test set is needed: one training file is read because the loader expects one.
    CifarLoadOptions options;
    options.trainLimit = 1;
    options.testLimit = request.testLimit;
    const SplitDataset data = loadDataFolder(request.dataPath, options);
    config.data.path = data.sourceDir;

    Classifier model = makeClassifier(config.model.arch, data.numClasses());
    loadStateDict(*model, stateDict, config.model.arch, request.file);
    model->to(device);
    const auto logits = computeLogits(*model, data.test, device, 256);

    nlohmann::json configJson = toJson(config);
    configJson["versions"] = {{"flipbench", flipbenchVersion()}, {"libtorch", libtorchVersion()}};
    configJson["import"] = {{"file", std::filesystem::absolute(request.file).string()}, {"format", "state_dict"}};
    const RunFolder run = RunFolder::create(request.workspace, config.name);
    try {
        writeImportedRun(run, configJson, data, *model, logits, device, request.file);
    } catch (...) {
        removeUnfinishedRun(run); // no half-imported model may pass for a run
        throw;
    }
    return run;
}

} // namespace flipbench
