#pragma once

#include <torch/types.h>

#include <filesystem>
#include <string>

namespace flipbench {

/// NumPy .npy files, format version 1.0, little-endian, C order; readable by numpy.load.
/// Supported dtypes: float32 ('<f4') and int64 ('<i8'), any rank.
/// Writing is atomic (temporary file, then rename).
void writeNpy(const std::filesystem::path& file, const torch::Tensor& tensor);

/// The bytes of the .npy file writeNpy writes (for an archive of several arrays, npz_writer.h).
std::string npyBytes(const torch::Tensor& tensor);

/// Reads what writeNpy writes (and the same dtypes written by NumPy); throws DataError otherwise.
torch::Tensor readNpy(const std::filesystem::path& file);

} // namespace flipbench
