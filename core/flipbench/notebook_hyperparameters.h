#pragma once

#include "flipbench/run_config.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace flipbench {

/// A run config made from the seed notebook's hyperparameter dictionary.
struct NotebookMapping {
    RunConfig config;
    /// kd_model_path when it names a PyTorch file rather than a run: the caller imports it (with
    /// `referenceArch`) and puts the imported run into config.method.reference.
    std::string referenceFile;
    std::string referenceArch;
    std::vector<std::string> notes; ///< keys accepted but ignored, and other things worth saying
};

/// Maps the notebook's dictionary (epochs, arch, batch-size, lr, lr_step, seed, kd_model_arch,
/// kd_model_path, kd_loss_weight, kd_alpha, kd_loss_mode (kl, li, l2), kd_temperature, kd_filter,
/// filter-base, filter-scale, li_p, li_margin, desc; use_cifar, bucket_name and gpu ignored) onto
/// a Flipbench config with the notebook's fixed choices (SGD momentum 0.9, weight decay 1e-4,
/// cosine stepped per iteration, best-test selection). Unknown keys and bad values are
/// ConfigErrors naming the key. `kd_model_path` naming an existing file is returned in
/// referenceFile; anything else is taken as a run folder (absolute or relative to the workspace).
NotebookMapping mapNotebookHyperparameters(const nlohmann::json& hyperparameters);

} // namespace flipbench
