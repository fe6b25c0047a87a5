#pragma once

#include "flipbench/config/run_config.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// A run config made from the seed notebook's hyperparameter dictionary, with the reference
/// implementation's semantics (ConstrainedUpgrade/train.py and losses.py).
struct NotebookMapping {
    RunConfig config;
    /// kd_model_path as train.py splits it (whitespace; several = an ensemble, train.py:650). Each is
    /// a PyTorch file, a run of the workspace, or the reference's S3 name of a baseline's best model;
    /// locateNotebookReferences says which. config.method.reference is filled by the caller.
    std::vector<std::string> referencePaths;
    std::string referenceArch;          ///< kd_model_arch; empty when absent
    int64_t referenceNumClasses = 1000; ///< kd_model_num_classes (train.py's default 1000)
    /// Each default filled in, each key accepted but ignored (with the reason), each place where
    /// the reference's behaviour was followed where it is not obvious.
    std::vector<std::string> notes;
};

/// Maps the dictionary onto a Flipbench config. Every argument train.py defines is known: mapped,
/// accepted and ignored with a note, or refused when set to a value Flipbench cannot honour.
/// Absent keys take train.py's defaults. Unknown keys and bad values are ConfigErrors naming the key
/// ("hyperparameters.KEY: ...").
NotebookMapping mapNotebookHyperparameters(const nlohmann::json& hyperparameters);

/// What one kd_model_path entry names.
struct NotebookReferenceSource {
    enum class Kind { File, Run };
    Kind kind = Kind::Run;
    std::filesystem::path path; ///< a PyTorch file to import, or a run folder
    std::string note;           ///< how it was found, for the user
};

/// Resolves every kd_model_path entry: an existing file (as given, or relative to the workspace)
/// is imported; a run folder (absolute, or a name in the workspace) is used as it is; the reference's
/// S3 object name of a baseline's best model, `best_model_<arch>_seed_<seed>.pth.tar`
/// (train.py:1067), names the completed baseline run of the workspace with that arch and seed.
/// Throws ConfigError naming the entry otherwise, or when a file is named but kd_model_arch is absent.
std::vector<NotebookReferenceSource> locateNotebookReferences(const NotebookMapping& mapping,
                                                              const std::filesystem::path& workspace);

/// Checks a reference model against kd_model_arch and kd_model_num_classes, as the reference would
/// fail to load it (train.py:663-670): a ConfigError naming the key, the model and both values.
void checkNotebookReference(const NotebookMapping& mapping, const std::string& modelName, const std::string& arch,
                            int64_t numClasses);

/// Checks a completed run of the workspace (its arch and the class count of its dataset.json).
void checkNotebookReferenceRun(const NotebookMapping& mapping, const std::filesystem::path& runDir);

} // namespace flipbench
