#include "flipbench/compare/model_loader.h"

#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/util/errors.h"

#include <torch/torch.h>

namespace flipbench {

RunPredictions loadModel(const ModelSource& source)
{
    if (!source.ensemble) {
        if (source.members.empty())
            throw UserError("No model chosen for this side of the comparison; give a run folder, a run name "
                            "with --workspace, or a .result prediction file");
        if (source.members.size() != 1)
            throw UserError("A model side names one run folder or .result file, got " +
                            std::to_string(source.members.size()) + " paths (" + source.describe() +
                            "); list several runs as an ensemble instead");
        return loadPredictions(source.members.front()); // named by its folder or file
    }
    if (source.members.size() < 2)
        throw UserError("An ensemble needs at least two runs (got " + std::to_string(source.members.size()) +
                        (source.members.empty() ? "" : ": " + source.describe()) +
                        "); choose more members or compare the run itself.");
    std::vector<RunPredictions> members;
    std::vector<torch::Tensor> logits;
    for (const auto& path : source.members) {
        members.push_back(loadPredictions(path));
        // Averaging needs scores; predicted classes of a .result file cannot be averaged.
        if (!members.back().logits.defined())
            throw UserError("Cannot average " + members.back().dir.string() +
                            " into an ensemble: it holds predicted classes only, no logits.");
        if (members.size() > 1)
            requireSameTestSet(members.front(), members.back());
        logits.push_back(members.back().logits);
    }
    RunPredictions ensemble = members.front();
    ensemble.name = source.displayName();
    ensemble.logits = ensembleLogits(logits);
    ensemble.predictions = ensemble.logits.argmax(1);
    return ensemble;
}

} // namespace flipbench
