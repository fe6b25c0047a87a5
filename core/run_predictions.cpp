#include "flipbench/run_predictions.h"

#include "flipbench/errors.h"
#include "flipbench/npy.h"
#include "flipbench/run_store.h"

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
    const auto dataset = run.readJson("dataset.json");
    p.fingerprint = dataset.value("fingerprint", "");
    p.classNames = dataset.value("class_names", std::vector<std::string>{});
    if (p.logits.dim() != 2 || p.labels.dim() != 1 || p.logits.size(0) != p.labels.size(0))
        throw DataError("Run " + run.name() + ": logits.npy and labels.npy disagree on the number of test samples");
    return p;
}

void requireSameTestSet(const RunPredictions& a, const RunPredictions& b)
{
    if (a.fingerprint != b.fingerprint)
        throw UserError("Runs " + a.name + " and " + b.name + " were evaluated on different test sets (fingerprints " +
                        a.fingerprint + " and " + b.fingerprint +
                        "); flips are only defined on the same samples. Compare runs that use the "
                        "same data folder and test_limit.");
}

} // namespace flipbench
