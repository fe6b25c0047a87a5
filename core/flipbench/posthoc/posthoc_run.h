#pragma once

// What the post-hoc methods share: their inputs (both runs' predictions on the test and
// validation splits, checked to be the same samples), the figures of one weight, and the run
// folder each writes, so that a post-hoc model lists, groups and compares as any run does.

#include "flipbench/posthoc/posthoc_request.h"
#include "flipbench/runs/run_predictions.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <string>

namespace flipbench {

class ClassifierImpl;

struct PosthocInputs {
    RunPredictions oldTest, newTest, oldVal, newVal;
    nlohmann::json newConfig; ///< the new run's config.json
    std::string oldName, newName;
};

/// Reads both runs and checks that they are completed and share the test and validation samples.
/// `method` names the command in errors ("logit fusion").
PosthocInputs loadPosthocInputs(const PosthocRequest& request, const std::string& method);

/// Accuracy and NFR against the old model of the logits of one weight, on both splits.
PosthocPoint measurePoint(double weight, const torch::Tensor& valLogits, const torch::Tensor& testLogits,
                          const PosthocInputs& inputs);

/// The chosen model of a post-hoc method.
struct PosthocOutput {
    std::string kind;        ///< "logit_fusion" or "weight_interpolation"
    std::string parameter;   ///< "b" or "a"
    int inferenceModels = 1; ///< models evaluated per prediction: its cost at inference
    torch::Tensor testLogits, valLogits;
    ClassifierImpl* model = nullptr; ///< weights to store as final.pt; none for fusion
    std::string message;             ///< the status message
};

/// Writes the run: the new run's config with a "posthoc" record (kind, old and new runs, weight,
/// grid, tolerance, cost), its dataset.json, logits, labels, validation predictions, one epoch
/// record with the chosen weight's figures, posthoc.json (the whole curve) and a completed status.
/// A failure removes the half-written folder. Returns the folder.
std::filesystem::path writePosthocRun(const PosthocRequest& request, const PosthocInputs& inputs,
                                      const PosthocCurve& curve, const PosthocOutput& output);

} // namespace flipbench
