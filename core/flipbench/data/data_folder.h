#pragma once

// Loading the images of a data folder (tensors: LibTorch). What a folder holds, found without
// loading it, is in data_folder_summary.h, which reaches no LibTorch header.

#include "flipbench/data/cifar_reader.h"
#include "flipbench/data/data_folder_summary.h"
#include "flipbench/data/image_folder/image_folder.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// loadCifar10Binary or loadImageFolder (unreadable images skipped), as the folder is.
SplitDataset loadDataFolder(const std::filesystem::path& dir, const CifarLoadOptions& options);

/// Only the test images of a data folder (the first `limit`, 0 = all), labels up to 255 accepted:
/// the pictures behind a comparison. An image folder whose cache is stale is imported first.
ImageSet readDataFolderTestImages(const std::filesystem::path& dir, int64_t limit);

} // namespace flipbench
