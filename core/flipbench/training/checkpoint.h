#pragma once

#include "flipbench/models/classifier.h"
#include "flipbench/runs/run_store.h"

#include <torch/optim/optimizer.h>

#include <optional>

namespace flipbench {

/// What a run needs besides weights and optimizer state to continue exactly where it stopped. The
/// random state is not stored: the trainer re-seeds every epoch from (seed, epoch), so resuming at
/// an epoch boundary replays the same shuffles and augmentations.
struct CheckpointState {
    int epochsDone = 0;
    int bestEpoch = 0;     ///< 0 = none yet
    double bestScore = -1; ///< accuracy that selected bestEpoch
};

/// Saves model and optimizer under checkpoint/, then commits by atomically replacing
/// checkpoint/state.json (files of older epochs are removed afterwards).
void saveCheckpoint(const RunFolder& run, ClassifierImpl& model, torch::optim::Optimizer& optimizer,
                    const CheckpointState& state);

/// Loads the last committed checkpoint into model and optimizer; nullopt when the run has none.
std::optional<CheckpointState> loadCheckpoint(const RunFolder& run, ClassifierImpl& model,
                                              torch::optim::Optimizer& optimizer, const torch::Device& device);

void saveWeights(const std::filesystem::path& file, ClassifierImpl& model);
void loadWeights(const std::filesystem::path& file, ClassifierImpl& model, const torch::Device& device);

} // namespace flipbench
