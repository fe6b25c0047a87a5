#pragma once

#include <torch/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// What a finished run leaves for comparisons: its test logits, labels and data-set identity.
struct RunPredictions {
    std::string name;
    std::filesystem::path dir;
    torch::Tensor logits; ///< float32 N x C
    torch::Tensor labels; ///< int64 N
    std::string fingerprint;
    std::vector<std::string> classNames;
};

/// Reads logits.npy, labels.npy and dataset.json of a run folder; throws UserError saying which
/// file is missing (for example because the run has not completed).
RunPredictions loadRunPredictions(const std::filesystem::path& runDir);

/// Refuses (UserError) two prediction sets from different test sets.
void requireSameTestSet(const RunPredictions& a, const RunPredictions& b);

} // namespace flipbench
