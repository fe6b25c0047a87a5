#pragma once

#include <torch/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// A model's test-set predictions for comparisons: a finished run's logits, or an imported
/// prediction file (the seed notebook's `.result`), which may hold predicted classes only.
struct RunPredictions {
    std::string name;
    std::filesystem::path dir; ///< the run folder, or the prediction file
    torch::Tensor logits;      ///< float32 N x C; undefined for a file without "outputs"
    torch::Tensor predictions; ///< int64 N (argmax of the logits when there are logits)
    torch::Tensor labels;      ///< int64 N
    std::string fingerprint;   ///< empty for prediction files: they carry none
    std::vector<std::string> classNames;
};

/// Reads logits.npy, labels.npy and dataset.json of a run folder; throws UserError saying which
/// file is missing (for example because the run has not completed).
RunPredictions loadRunPredictions(const std::filesystem::path& runDir);

/// The validation split's predictions of a completed run (val_logits.npy, val_labels.npy), or none
/// for a run without a validation split (or written before they were stored). fingerprint stays
/// empty: the split is identified by its labels. Throws DataError for files that disagree.
std::optional<RunPredictions> loadRunValidationPredictions(const std::filesystem::path& runDir);

/// Reads a `.result` file: torch.save of a dict with "pred" and "gt" tensors and optionally
/// "outputs" logits. Throws UserError naming what is missing.
RunPredictions loadResultFile(const std::filesystem::path& file);

/// A run folder or a prediction file, whichever `path` is.
RunPredictions loadPredictions(const std::filesystem::path& path);

/// Refuses (UserError) two prediction sets from different test sets. Both with fingerprints: they
/// must match. Otherwise the labels must be identical, and the returned note says the sets were
/// matched by labels (empty when fingerprints were compared).
std::string requireSameTestSet(const RunPredictions& a, const RunPredictions& b);

} // namespace flipbench
