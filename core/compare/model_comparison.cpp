#include "flipbench/compare/model_comparison.h"

#include "flipbench/compare/flip_comparison.h"
#include "flipbench/compare/model_loader.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/util/errors.h"

#include <torch/torch.h>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

/// A run folder's data folder and test-set size from dataset.json (what the trainer evaluated);
/// config.json's data section for runs written before dataset.json carried them.
bool readImageSource(const RunPredictions& p, std::string* dir, int64_t* limit)
{
    std::error_code ec;
    if (!fs::is_directory(p.dir, ec))
        return false; // a .result file: it does not say where its images came from
    try {
        const RunFolder run = RunFolder::open(p.dir);
        const auto dataset = run.readJson("dataset.json");
        std::string source = dataset.value("source", "");
        int64_t size = dataset.value("test_size", int64_t{0});
        if (source.empty() && fs::is_regular_file(run.file("config.json"))) {
            const auto config = run.readJson("config.json");
            if (config.contains("data") && config["data"].is_object()) {
                source = config["data"].value("path", "");
                size = config["data"].value("test_limit", int64_t{0});
            }
        }
        if (source.empty())
            return false;
        *dir = source;
        *limit = size;
        return true;
    } catch (const std::exception&) {
        return false; // images are a convenience: a damaged file only costs the pictures
    }
}

} // namespace

ModelComparison compareModelSources(const ModelSource& sourceA, const ModelSource& sourceB)
{
    const RunPredictions a = loadModel(sourceA);
    const RunPredictions b = loadModel(sourceB);
    const std::string note = requireSameTestSet(a, b);
    ModelComparison c = buildModelComparison(a, b);
    c.note = note;
    c.fingerprint = !a.fingerprint.empty() ? a.fingerprint : b.fingerprint;
    // An ensemble is its members, not the first member's folder the loader keeps for its metadata.
    if (sourceA.ensemble)
        c.pathA = sourceA.describe();
    if (sourceB.ensemble)
        c.pathB = sourceB.describe();
    // A's images first: both were checked to be the same test set, so either folder will do.
    if (!readImageSource(a, &c.imageSourceDir, &c.testLimit))
        readImageSource(b, &c.imageSourceDir, &c.testLimit);
    return c;
}

ModelComparison comparisonFromLogits(const std::vector<float>& logitsA, const std::vector<float>& logitsB,
                                     const std::vector<int64_t>& labels, int numClasses,
                                     const std::vector<std::string>& classNames)
{
    const int64_t n = static_cast<int64_t>(labels.size());
    const auto expected = static_cast<size_t>(n * numClasses);
    if (numClasses <= 0 || logitsA.size() != expected || logitsB.size() != expected)
        throw UserError("comparisonFromLogits: logits must hold " + std::to_string(n) + " x " +
                        std::to_string(numClasses) + " values, got " + std::to_string(logitsA.size()) + " and " +
                        std::to_string(logitsB.size()));
    auto side = [&](const std::vector<float>& logits, const char* name) {
        RunPredictions p;
        p.name = name;
        p.logits = torch::from_blob(const_cast<float*>(logits.data()), {n, numClasses}, torch::kFloat32).clone();
        p.labels = torch::from_blob(const_cast<int64_t*>(labels.data()), {n}, torch::kInt64).clone();
        p.predictions = p.logits.argmax(1);
        p.classNames = classNames;
        return p;
    };
    return buildModelComparison(side(logitsA, "A"), side(logitsB, "B"));
}

} // namespace flipbench
