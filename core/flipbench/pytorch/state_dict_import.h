#pragma once

#include "flipbench/models/classifier.h"
#include "flipbench/pytorch/torch_file.h"

#include <filesystem>
#include <map>
#include <string>

namespace flipbench {

using StateDict = std::map<std::string, torch::Tensor>;

/// The state dict inside what torch.save wrote: the top-level dict when its values are tensors, or
/// the checkpoint's "state_dict" (also "model_state_dict", "model") entry. A "module." prefix
/// (DataParallel / DistributedDataParallel) is stripped. Throws DataError otherwise.
StateDict extractStateDict(const PyValuePtr& root, const std::filesystem::path& file);

/// Copies every parameter and buffer of `model` from `stateDict`. Missing or extra keys, shape
/// mismatches and a class count different from the data's are DataErrors naming the key.
void loadStateDict(ClassifierImpl& model, const StateDict& stateDict, const std::string& arch,
                   const std::filesystem::path& file);

} // namespace flipbench
