#pragma once

// What a data folder holds, found without decoding an image: for the GUI's data checks and
// welcome page, which read no LibTorch header (data_folder.h loads the images).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// The two kinds of data folder a run's data.path may name.
enum class DataFolderKind {
    CifarBinary, ///< cifar-10-batches-bin (or the folder holding it)
    ImageFolder, ///< ROOT/train/<class>/*.png|jpg, ROOT/test/<class>/... (see image_folder.h)
};

/// What a data folder holds, found without decoding an image.
struct DataFolderSummary {
    DataFolderKind kind = DataFolderKind::CifarBinary;
    std::filesystem::path dir; ///< the binary folder itself, or the image folder's root
    int64_t trainImages = 0;
    int64_t testImages = 0;
    std::vector<std::string> classNames;
    bool imported = true;     ///< image folder: a cache looks current (else it is imported on first use)
    int64_t skippedFiles = 0; ///< image folder: unreadable files left out of the import
};

/// A CIFAR-10 binary folder when it has the binary files (or a cifar-10-batches-bin subfolder), else
/// an image folder when it has train/ and test/; DataError explaining both layouts otherwise.
DataFolderKind dataFolderKind(const std::filesystem::path& dir);

/// inspectCifar10Folder or inspectImageFolder, as the folder is. Throws DataError.
DataFolderSummary inspectDataFolder(const std::filesystem::path& dir);

/// One line for a GUI or a log: "CIFAR-10 binary: 50,000 train / 10,000 test images, 10 classes" or
/// "Image folder: ... (imported; 2 unreadable files skipped)".
std::string describeDataFolder(const DataFolderSummary& summary);

} // namespace flipbench
