#pragma once

#include "flipbench/runs/run_store.h"

#include <filesystem>
#include <string>

namespace flipbench {

/// A PyTorch state dict to bring into a workspace as a model ("imported" run).
struct ImportRequest {
    std::filesystem::path file; ///< torch.save output: a state_dict or a checkpoint holding one
    std::string arch = "resnet18";
    std::filesystem::path workspace;
    std::string dataPath; ///< CIFAR-10 binary folder whose test set the model is evaluated on
    int64_t testLimit = 0;
    std::string name; ///< run name; the file's stem when empty
    std::string device = "auto";
};

/// Evaluates the imported weights on the test set (eval mode) and stores them like a run: config.json
/// (with "import"), dataset.json, final.pt, logits.npy, labels.npy and a completed status, so the
/// model serves as a reference and in comparisons. Every check runs before the folder is created;
/// problems are UserErrors naming the file and key.
RunFolder importModel(const ImportRequest& request);

} // namespace flipbench
