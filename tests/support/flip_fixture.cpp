#include "flip_fixture.h"

#include "test_support.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/runs/run_store.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>

namespace fbtest {

FlipFixtureTestSet writeFlipFixtureTestSet(const std::filesystem::path& dir)
{
    const std::filesystem::path cifar = writeSmallCifarFolder(dir, 2, 14);
    flipbench::CifarLoadOptions options;
    options.testLimit = 12;
    FlipFixtureTestSet set;
    set.data = flipbench::loadCifar10Binary(cifar, options);
    set.fingerprint = flipbench::datasetFingerprint(set.data.test);
    return set;
}

const std::vector<PlannedOutcome>& plannedOutcomes()
{
    static const std::vector<PlannedOutcome> plan = {
        {0, 0, 0.80f, 0.80f, 0, 0.90f, 0.90f}, {3, 3, 0.90f, 0.90f, 5, 0.60f, 0.30f}, // 1: far (0.60)
        {6, 6, 0.70f, 0.70f, 6, 0.60f, 0.60f}, {9, 9, 0.50f, 0.50f, 1, 0.45f, 0.42f}, // 3: near (0.08)
        {2, 4, 0.60f, 0.30f, 2, 0.70f, 0.70f}, {5, 5, 0.80f, 0.80f, 3, 0.50f, 0.25f}, // 5: far (0.55)
        {8, 1, 0.50f, 0.10f, 7, 0.60f, 0.20f}, {1, 1, 0.50f, 0.50f, 1, 0.95f, 0.95f},
        {4, 4, 0.70f, 0.70f, 0, 0.40f, 0.35f}, {7, 2, 0.50f, 0.20f, 7, 0.80f, 0.80f}, // 8: no tag (0.35)
        {0, 0, 0.99f, 0.99f, 1, 0.90f, 0.05f}, {3, 3, 0.60f, 0.60f, 5, 0.55f, 0.30f}, // 10 far, 11 none
    };
    return plan;
}

std::vector<float> plannedLogits(int label, int pred, float conf, float pTrue)
{
    std::vector<double> p(kFlipClasses);
    const int fixed = pred == label ? 1 : 2;
    const double rest = (1.0 - conf - (pred == label ? 0.0 : pTrue)) / (kFlipClasses - fixed);
    for (int c = 0; c < kFlipClasses; ++c)
        p[c] = c == pred ? conf : c == label ? pTrue : rest;
    std::vector<float> logits;
    for (double v : p)
        logits.push_back(static_cast<float>(std::log(v)));
    return logits;
}

torch::Tensor plannedLogitsOf(bool sideA)
{
    std::vector<float> all;
    for (const PlannedOutcome& s : plannedOutcomes()) {
        const auto row = sideA ? plannedLogits(s.label, s.predA, s.confA, s.pTrueA)
                               : plannedLogits(s.label, s.predB, s.confB, s.pTrueB);
        all.insert(all.end(), row.begin(), row.end());
    }
    return torch::tensor(all).reshape({static_cast<int64_t>(plannedOutcomes().size()), kFlipClasses});
}

QString writeCompletedRun(const std::filesystem::path& workspace, const std::string& name, const torch::Tensor& logits,
                          const flipbench::SplitDataset& data, const torch::Tensor& labels,
                          const std::string& fingerprint)
{
    const auto run = flipbench::RunFolder::create(workspace, name);
    nlohmann::json dataset = {{"class_names", data.classNames},
                              {"source", data.sourceDir},
                              {"train_size", data.train.size()},
                              {"val_size", data.val.size()},
                              {"test_size", data.test.size()}};
    if (!fingerprint.empty())
        dataset["fingerprint"] = fingerprint;
    run.writeJson("dataset.json", dataset);
    flipbench::writeNpy(run.file("logits.npy"), logits);
    flipbench::writeNpy(run.file("labels.npy"), labels);
    flipbench::RunStatus status;
    status.state = flipbench::RunState::Completed;
    run.writeStatus(status);
    return QString::fromStdString(run.dir().string());
}

torch::Tensor thirdModelLogits(const torch::Tensor& labels)
{
    const torch::Tensor a = plannedLogitsOf(true);
    torch::Tensor c = a.clone();
    for (int row : {0, 2})
        c[row] = a[row].roll(1, 0);
    c[6] = torch::zeros({kFlipClasses});
    c[6][labels[6].item<int64_t>()] = 5.0f;
    return c;
}

SeedGroupsWorkspace writeSeedGroupsWorkspace(const std::filesystem::path& dir)
{
    const auto [data, fingerprint] = writeFlipFixtureTestSet(dir / "data");
    const torch::Tensor labels = data.test.labels.to(torch::kInt64);
    SeedGroupsWorkspace ws;
    ws.workspace = dir / "ws";
    const auto write = [&](const std::string& name, const torch::Tensor& logits, flipbench::RunConfig config) {
        const auto run = toPath(writeCompletedRun(ws.workspace, name, logits, data, data.test.labels, fingerprint));
        config.name = name;
        writeText(run / "config.json", flipbench::toJson(config).dump(1));
        ws.runs.push_back(run);
        return run;
    };
    flipbench::RunConfig config = tinyRunConfig(dir / "data", "x", 2, 100);
    ws.old = write("old", plannedLogitsOf(true), config);
    config.train.seed = 1;
    write("base-s1", plannedLogitsOf(false), config);
    config.train.seed = 2;
    write("base-s2", thirdModelLogits(labels), config);
    config.method.name = "fd";
    config.method.reference = {ws.old.string()};
    config.train.seed = 1;
    write("fd-s1", plannedLogitsOf(true), config);
    config.train.seed = 2;
    write("fd-s2", thirdModelLogits(labels), config);
    return ws;
}

} // namespace fbtest
