#pragma once

#include "flipbench/data/image_set.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// Reads the official CIFAR-10 *binary version*: data_batch_1..5.bin, test_batch.bin and
/// batches.meta.txt; each record is 1 label byte followed by 3072 pixel bytes (R, G, B planes of
/// 32x32, row-major). Every problem throws DataError naming the file, what was expected and what
/// was found.
struct CifarLoadOptions {
    int64_t trainLimit = 0; ///< keep the first N training images (0 = all)
    int64_t testLimit = 0;  ///< keep the first N test images (0 = all)
    int64_t valSize = 0;    ///< hold out the last N of the (limited) training images for validation
};

constexpr int64_t kCifarImageBytes = 3 * 32 * 32;
constexpr int64_t kCifarRecordBytes = 1 + kCifarImageBytes;
constexpr int kCifarTrainBatches = 5;

/// Accepts the cifar-10-batches-bin folder itself or a folder that contains it.
std::filesystem::path locateCifarBinaryDir(const std::filesystem::path& dir);

/// One batch file (data_batch_N.bin or test_batch.bin). `numClasses` bounds the labels.
ImageSet readCifarBatchFile(const std::filesystem::path& file, int64_t numClasses = 10);

/// batches.meta.txt: one class name per line, blank lines ignored.
std::vector<std::string> readCifarClassNames(const std::filesystem::path& file);

/// What a CIFAR-10 binary folder holds, found from file names and sizes without reading pixels.
struct CifarFolderSummary {
    std::filesystem::path dir; ///< the cifar-10-batches-bin folder itself
    int64_t trainImages = 0;
    int64_t testImages = 0;
    std::vector<std::string> classNames;
};

/// Checks a folder the way loadCifar10Binary would (every file present, sizes whole records,
/// class names readable) in milliseconds, for a GUI that validates a folder as it is picked.
/// Throws DataError with the reader's message.
CifarFolderSummary inspectCifar10Folder(const std::filesystem::path& dir);

SplitDataset loadCifar10Binary(const std::filesystem::path& dir, const CifarLoadOptions& options);

/// Sets data.train to `train` less its last `valSize` images, which become data.val (none when
/// valSize is 0). Throws DataError when there are not more training images than that.
void holdOutValidation(SplitDataset& data, const ImageSet& train, int64_t valSize);

} // namespace flipbench
