#pragma once

// dataset.json, the data a run was trained and evaluated on: its only reader and writer. No
// LibTorch and no JSON here, so the GUI reads it too (converting to Qt types at its edge).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// What dataset.json records. A trained run has every split size; an imported model only the test
/// set's; an image-folder run also names its cache and the files it left out.
struct DatasetRecord {
    std::string fingerprint;             ///< of the test set (datasetFingerprint)
    std::vector<std::string> classNames; ///< "class_names"
    std::string source;                  ///< the data folder
    std::optional<int64_t> trainSize;    ///< "train_size"; absent for an imported model
    std::optional<int64_t> valSize;      ///< "val_size"; absent for an imported model
    std::optional<int64_t> testSize;     ///< "test_size"
    std::string layout;                  ///< "image-folder" for an image folder, empty for CIFAR binaries
    std::string imageCache;              ///< "image_cache": the decoded image folder
    std::optional<int64_t> skippedFiles; ///< "skipped_files": unreadable images left out
};

/// Reads a dataset.json; throws DataError when it is missing, not JSON, or a field has the wrong
/// type. Fields it lacks stay empty.
DatasetRecord readDatasetRecord(const std::filesystem::path& file);
/// Writes a dataset.json atomically (the fields that are set; keys in alphabetical order).
void writeDatasetRecord(const std::filesystem::path& file, const DatasetRecord& record);

} // namespace flipbench
