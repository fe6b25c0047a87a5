#include "flipbench/posthoc/posthoc_run.h"

#include "flipbench/models/classifier.h"
#include "flipbench/posthoc/posthoc_curve_file.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/runs/dataset_record.h"
#include "flipbench/runs/metrics_log.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/training/checkpoint.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"
#include "flipbench/util/version.h"

#include <torch/torch.h>

namespace flipbench {

namespace fs = std::filesystem;

namespace {

void requireCompleted(const fs::path& dir, const std::string& role, const std::string& method)
{
    if (!fs::is_regular_file(dir / "status.json"))
        throw UserError(method + ": " + role + " " + dir.string() + " is not a run folder (it has no status.json)");
    const RunStatus status = RunFolder::open(dir).readStatus();
    if (status.state != RunState::Completed)
        throw UserError(method + ": " + role + " run " + dir.filename().string() + " is " + toString(status.state) +
                        "; only completed runs can be mixed");
}

RunPredictions validationOf(const fs::path& dir, const std::string& role, const std::string& method)
{
    std::optional<RunPredictions> val = loadRunValidationPredictions(dir);
    if (!val)
        throw UserError(method + ": the " + role + " run " + dir.filename().string() +
                        " has no validation predictions (val_logits.npy); the mixing weight is chosen on the "
                        "validation split, never on test: train both runs with data.val_size > 0");
    return *val;
}

} // namespace

PosthocInputs loadPosthocInputs(const PosthocRequest& request, const std::string& method)
{
    requireCompleted(request.oldRun, "old", method);
    requireCompleted(request.newRun, "new", method);
    if (fs::equivalent(request.oldRun, request.newRun))
        throw UserError(method + ": the old and the new run are the same folder");
    PosthocInputs in;
    in.oldTest = loadRunPredictions(request.oldRun);
    in.newTest = loadRunPredictions(request.newRun);
    requireSameTestSet(in.oldTest, in.newTest);
    if (!in.oldTest.logits.defined() || !in.newTest.logits.defined())
        throw UserError(method + ": both runs need logits (logits.npy), not predicted classes only");
    if (in.oldTest.logits.sizes() != in.newTest.logits.sizes())
        throw UserError(method + ": the runs have " + std::to_string(in.oldTest.logits.size(1)) + " and " +
                        std::to_string(in.newTest.logits.size(1)) + " classes");
    in.oldVal = validationOf(request.oldRun, "old", method);
    in.newVal = validationOf(request.newRun, "new", method);
    if (!torch::equal(in.oldVal.labels, in.newVal.labels))
        throw UserError(method + ": the two runs hold out different validation samples (data.train_limit or "
                                 "data.val_size differ); train them on the same split");
    in.newConfig = readJsonDocument(request.newRun / "config.json");
    in.oldName = request.oldRun.filename().string();
    in.newName = request.newRun.filename().string();
    return in;
}

PosthocPoint measurePoint(double weight, const torch::Tensor& valLogits, const torch::Tensor& testLogits,
                          const PosthocInputs& in)
{
    auto figures = [](const torch::Tensor& logits, const RunPredictions& old, double& accuracy, double& nfr,
                      double& pfr) {
        const torch::Tensor right = logits.argmax(1).eq(old.labels);
        const torch::Tensor oldRight = old.predictions.eq(old.labels);
        accuracy = right.to(torch::kFloat64).mean().item<double>();
        nfr = oldRight.logical_and(right.logical_not()).to(torch::kFloat64).mean().item<double>();
        pfr = right.logical_and(oldRight.logical_not()).to(torch::kFloat64).mean().item<double>();
    };
    PosthocPoint p;
    p.weight = weight;
    figures(valLogits, in.oldVal, p.valAccuracy, p.valNfr, p.valPfr);
    figures(testLogits, in.oldTest, p.testAccuracy, p.testNfr, p.testPfr);
    return p;
}

fs::path writePosthocRun(const PosthocRequest& request, const PosthocInputs& in, const PosthocCurve& curve,
                         const PosthocOutput& output)
{
    const PosthocPoint& chosen = curve.points.at(curve.chosen);
    nlohmann::json grid = nlohmann::json::array();
    for (const PosthocPoint& p : curve.points)
        grid.push_back(p.weight);
    const std::string name = request.name.empty()
                                 ? std::string(output.kind == "logit_fusion" ? "fusion-" : "bcwi-") + in.newName
                                 : request.name;
    nlohmann::json config = in.newConfig;
    config["name"] = name;
    config["versions"] = {{"flipbench", flipbenchVersion()}, {"libtorch", libtorchVersion()}};
    config["posthoc"] = {{"kind", output.kind},
                         {"old", fs::absolute(request.oldRun).string()},
                         {"new", fs::absolute(request.newRun).string()},
                         {"parameter", output.parameter},
                         {"weight", chosen.weight},
                         {"grid", grid},
                         {"tolerance", request.tolerance},
                         {"chosen_on", "validation"},
                         {"inference_models", output.inferenceModels}};

    const RunFolder run = RunFolder::create(request.workspace, name);
    try {
        run.writeJson("config.json", config);
        writeDatasetRecord(run.file("dataset.json"), readDatasetRecord(request.newRun / "dataset.json"));
        if (output.model)
            saveWeights(run.file("final.pt"), *output.model);
        writeNpy(run.file("logits.npy"), output.testLogits);
        writeNpy(run.file("labels.npy"), in.newTest.labels);
        writeNpy(run.file("val_logits.npy"), output.valLogits);
        writeNpy(run.file("val_labels.npy"), in.newVal.labels);
        writePosthocCurve(run.dir(), {output.kind, output.parameter, curve});
        // The figures of the chosen weight, as the last epoch of the new run it is made from: a
        // listing shows them as it shows any run's.
        const int epochs = in.newConfig.value("train", nlohmann::json::object()).value("epochs", 1);
        EpochRecord epoch;
        epoch.epoch = epochs;
        epoch.testAccuracy = chosen.testAccuracy;
        epoch.testNfr = chosen.testNfr;
        epoch.testPfr = chosen.testPfr;
        epoch.valAccuracy = chosen.valAccuracy;
        epoch.valNfr = chosen.valNfr;
        epoch.valPfr = chosen.valPfr;
        run.appendMetrics(epoch);
        RunStatus status = run.readStatus();
        status.state = RunState::Completed;
        status.device = "cpu";
        status.started = status.finished = nowIso8601();
        status.epochsDone = epochs;
        status.message = output.message;
        run.writeStatus(status);
    } catch (...) {
        removeUnfinishedRun(run); // no half-written model may pass for a run
        throw;
    }
    return run.dir();
}

} // namespace flipbench
