#pragma once

#include "flipbench/util/cancel_token.h"
#include "flipbench/data/cifar_reader.h"
#include "flipbench/util/errors.h"
#include "flipbench/data/image_set.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace flipbench {

/// An image folder in torchvision's ImageFolder layout: ROOT/train/<class>/*.png|jpg|jpeg and
/// ROOT/test/<class>/... . Class names are the train/ subfolder names, sorted (label 0 = first);
/// a test/ class folder must also exist under train/. Files in nested subfolders of a class folder
/// belong to it; hidden entries (".name") and files with other extensions are ignored (counted).
///
/// The folder is decoded once into a cache in the CIFAR-10 record layout (1 label byte + 3072 pixel
/// bytes) beside the images, ROOT/.flipbench-cache/, or, when ROOT is not writable, in
/// $XDG_CACHE_HOME/flipbench/image-folders/ (~/.cache when unset). The cache's manifest records a
/// signature of every file's path, size and modification time; any added, removed or changed file
/// makes it stale and the next load imports again. Images are stored in a fixed pseudo-random order
/// (seeded, the same for the same files), so train_limit, test_limit and val_size take class-mixed
/// subsets as they do with the official CIFAR batches.

enum class BadImagePolicy {
    Skip,   ///< leave unreadable files out, list them in the report
    Refuse, ///< no import at all while any file is unreadable
};

struct ImageFolderOptions {
    BadImagePolicy onBadImage = BadImagePolicy::Skip;
    int threads = 0; ///< decoding threads; 0 = one per core
    /// Called on the calling thread while decoding: images done, images in all.
    std::function<void(int64_t done, int64_t total)> progress;
    CancelToken cancel;
};

/// A file that was not imported and why ("damaged JPEG: ...", "a GIF image; ...").
struct SkippedImage {
    std::string path; ///< absolute
    std::string reason;
};

struct ImageFolderSplit {
    int64_t images = 0;                  ///< imported
    std::vector<int64_t> imagesPerClass; ///< indexed by label
    int64_t resized = 0;                 ///< of those, how many were not 32x32
    std::vector<SkippedImage> skipped;
};

/// What importImageFolder found and where the cache is.
struct ImageFolderImport {
    std::filesystem::path root; ///< absolute
    std::filesystem::path cacheDir;
    std::filesystem::path trainFile, testFile; ///< the cached records, CIFAR layout
    std::vector<std::string> classNames;
    ImageFolderSplit train, test;
    std::vector<std::string> ignoredFiles; ///< relative to root: not .png/.jpg/.jpeg
    bool reusedCache = false;              ///< true: nothing was decoded
    double seconds = 0;

    int64_t skippedCount() const { return int64_t(train.skipped.size() + test.skipped.size()); }
};

/// Thrown under BadImagePolicy::Refuse when files cannot be read; carries the whole list. Nothing is
/// written in that case.
class ImageFolderRefused : public DataError {
public:
    ImageFolderRefused(const std::string& message, std::vector<SkippedImage> files)
        : DataError(message), files(std::move(files))
    {
    }
    std::vector<SkippedImage> files;
};

/// ROOT/train and ROOT/test are both folders.
bool isImageFolderRoot(const std::filesystem::path& dir);

/// Makes sure the cache matches the folder (importing when it does not) and describes it. Throws
/// DataError for a folder that is not an image folder or holds no usable image in a split,
/// ImageFolderRefused (see above), UserError when cancelled or when no cache can be written.
ImageFolderImport importImageFolder(const std::filesystem::path& root, const ImageFolderOptions& options = {});

/// importImageFolder, then the cached records split like loadCifar10Binary does (limits, val_size).
SplitDataset loadImageFolder(const std::filesystem::path& root, const CifarLoadOptions& options,
                             const ImageFolderOptions& importOptions = {});

/// A quick look for a GUI that checks a folder as it is picked: layout and class folders checked,
/// images counted by file name, nothing decoded. When a cache exists whose folder listing still
/// matches (folder modification times), the counts are those imported and skippedFiles is known.
struct ImageFolderSummary {
    std::filesystem::path root;
    std::vector<std::string> classNames;
    int64_t trainImages = 0;
    int64_t testImages = 0;
    bool imported = false;    ///< a cache looks current (the full check runs when loading)
    int64_t skippedFiles = 0; ///< unreadable files left out of the import (when imported)
};
ImageFolderSummary inspectImageFolder(const std::filesystem::path& root);

/// The report of an import for a terminal or a log: images per class and split, every skipped file
/// with its reason, ignored files and resized images.
std::string formatImportReport(const ImageFolderImport& import);

} // namespace flipbench
