#pragma once

// NumPy .npz archives: a ZIP of one .npy file per array (numpy.savez's layout, entries stored
// uncompressed), readable by numpy.load without PyTorch. For model weights handed to users who
// have NumPy only (export-model --format npz).

#include <torch/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace flipbench {

/// Writes `arrays` (name, tensor; float32 or int64, as npy.h) to `file` atomically, each as
/// "<name>.npy". Throws UserError when an archive would exceed the plain ZIP limits (4 GiB,
/// 65535 entries) or cannot be written.
void writeNpz(const std::filesystem::path& file, const std::vector<std::pair<std::string, torch::Tensor>>& arrays);

} // namespace flipbench
