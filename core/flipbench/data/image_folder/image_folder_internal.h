#pragma once

// The parts image_folder.cpp is built from: listing the folder, decoding its files on several
// threads, and the cache on disk. Shared by the core's image_folder_*.cpp files only.

#include "flipbench/data/image_folder/image_folder.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>

namespace flipbench::image_folder {

constexpr int kCacheVersion = 1;
constexpr const char* kResizeFilter = "area-average";
/// Seed of the fixed record order (Fisher-Yates over splitmix64).
constexpr uint64_t kOrderSeed = 20261128;

struct FileEntry {
    std::string relPath; ///< relative to the root, '/'-separated: "train/cat/0001.jpg"
    int label = 0;
    int64_t size = 0;
    int64_t mtimeNs = 0;
};

struct Listing {
    std::filesystem::path root; ///< absolute
    std::vector<std::string> classNames;
    std::vector<FileEntry> train, test; ///< sorted by label, then path
    std::vector<std::string> ignored;   ///< relative paths of other files
    std::string dirKey;                 ///< modification times of train/, test/ and the class folders
    std::string signature;              ///< every file's path, size and modification time (empty when not stat'ed)
};

/// A file's modification time in nanoseconds (and its size when asked); -1 when it cannot be stat'ed.
int64_t modificationNs(const std::filesystem::path& path, int64_t* size = nullptr);

/// A hash of the modification times of train/, test/ and their class folders: changes whenever a
/// file is added to, removed from or renamed in a class folder (not when one is rewritten in place).
std::string folderKey(const std::filesystem::path& root);

/// Lists the folder; `statFiles` also reads every file's size and time and computes the signature.
/// Throws DataError for a wrong layout (with what is expected).
Listing listFolder(const std::filesystem::path& root, bool statFiles);

/// Decodes `files` (paths relative to `root`) into 3072-byte CIFAR planes each; `errors[i]` is empty
/// for a good file, else why it is not one. Never throws for a bad file.
struct Decoded {
    std::vector<uint8_t> pixels; ///< files.size() * 3072
    std::vector<std::string> errors;
    std::vector<char> resized;
};
Decoded decodeFiles(const std::filesystem::path& root, const std::vector<const FileEntry*>& files,
                    const ImageFolderOptions& options);

/// ROOT/.flipbench-cache, and the per-user folder used when ROOT is not writable.
std::filesystem::path primaryCacheDir(const std::filesystem::path& root);
std::filesystem::path fallbackCacheDir(const std::filesystem::path& root);

/// The first cache (primary, then fallback) whose manifest matches `listing` (signature when it has
/// one, else dirKey) and whose record files are whole; nothing when there is none.
std::optional<ImageFolderImport> findCurrentCache(const Listing& listing);

/// One split to write: records in their final order.
struct SplitRecords {
    std::vector<uint8_t> labels;
    std::vector<const uint8_t*> pixels; ///< 3072 bytes each
    std::vector<std::string> relPaths;
};

/// Writes the records, their file lists and last the manifest (the commit point), each atomically,
/// into `dir`; removes record files of older imports there. Fills import.cacheDir/trainFile/testFile.
/// Throws UserError (or std::filesystem_error) when `dir` cannot be written.
void writeCache(const std::filesystem::path& dir, const Listing& listing, const SplitRecords& train,
                const SplitRecords& test, ImageFolderImport& import);

} // namespace flipbench::image_folder
