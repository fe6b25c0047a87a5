// Image folders: import into the cache (or reuse it), load like a CIFAR-10 binary folder, and a
// quick look for the GUI. See image_folder.h for the layout and the cache.

#include "flipbench/data/image_folder/image_folder.h"

#include "flipbench/data/image_folder/image_folder_internal.h"

#include <chrono>
#include <map>
#include <mutex>
#include <numeric>

namespace fs = std::filesystem;

namespace flipbench {

using namespace image_folder;

namespace {

/// Fisher-Yates over splitmix64: the same permutation for the same count on every platform
/// (std::shuffle's is implementation-defined).
std::vector<size_t> fixedOrder(size_t count)
{
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t(0));
    uint64_t state = kOrderSeed;
    auto next = [&state] {
        uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    for (size_t i = count; i > 1; --i)
        std::swap(order[i - 1], order[next() % i]);
    return order;
}

/// The decoded files of one split (decoded.* from `offset` on) as records in the fixed order,
/// plus its summary.
SplitRecords buildSplit(const Listing& listing, const std::vector<FileEntry>& files, size_t offset,
                        const Decoded& decoded, ImageFolderSplit& summary)
{
    summary.imagesPerClass.assign(listing.classNames.size(), 0);
    std::vector<size_t> kept;
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string& error = decoded.errors[offset + i];
        if (!error.empty()) {
            summary.skipped.push_back({(listing.root / files[i].relPath).string(), error});
            continue;
        }
        kept.push_back(i);
        ++summary.imagesPerClass[files[i].label];
        summary.resized += decoded.resized[offset + i];
    }
    summary.images = static_cast<int64_t>(kept.size());
    SplitRecords records;
    for (size_t k : fixedOrder(kept.size())) {
        const size_t i = kept[k];
        records.labels.push_back(static_cast<uint8_t>(files[i].label));
        records.pixels.push_back(decoded.pixels.data() + (offset + i) * kCifarImageBytes);
        records.relPaths.push_back(files[i].relPath);
    }
    return records;
}

std::string listProblems(const std::vector<SkippedImage>& files, size_t shown)
{
    std::string text;
    for (size_t i = 0; i < files.size() && i < shown; ++i)
        text += "\n  " + files[i].path + ": " + files[i].reason;
    if (files.size() > shown)
        text += "\n  ... and " + std::to_string(files.size() - shown) + " more";
    return text;
}

void checkPolicy(const ImageFolderImport& import, const ImageFolderOptions& options)
{
    if (options.onBadImage != BadImagePolicy::Refuse || import.skippedCount() == 0)
        return;
    std::vector<SkippedImage> files = import.train.skipped;
    files.insert(files.end(), import.test.skipped.begin(), import.test.skipped.end());
    const std::string message =
        "Image folder " + import.root.string() + ": " + std::to_string(files.size()) +
        " image file(s) cannot be read, and unreadable files are refused:" + listProblems(files, 20) +
        "\nFix or remove them, or import with unreadable files skipped (--on-error skip).";
    throw ImageFolderRefused(message, std::move(files));
}

void checkUsable(const ImageFolderImport& import, const std::string& split, const ImageFolderSplit& summary)
{
    if (summary.images == 0)
        throw DataError("Image folder " + import.root.string() + ": none of the image files in " + split +
                        "/ can be read:" + listProblems(summary.skipped, 5));
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

bool isImageFolderRoot(const fs::path& dir)
{
    std::error_code ec;
    return fs::is_directory(dir / "train", ec) && fs::is_directory(dir / "test", ec);
}

ImageFolderImport importImageFolder(const fs::path& root, const ImageFolderOptions& options)
{
    const auto start = std::chrono::steady_clock::now();
    const Listing listing = listFolder(root, true);
    if (auto cached = findCurrentCache(listing)) {
        checkPolicy(*cached, options);
        cached->seconds = secondsSince(start);
        return *cached;
    }

    std::vector<const FileEntry*> files;
    for (const auto* split : {&listing.train, &listing.test})
        for (const FileEntry& entry : *split)
            files.push_back(&entry);
    const Decoded decoded = decodeFiles(listing.root, files, options);

    ImageFolderImport import;
    import.root = listing.root;
    import.classNames = listing.classNames;
    import.ignoredFiles = listing.ignored;
    const SplitRecords train = buildSplit(listing, listing.train, 0, decoded, import.train);
    const SplitRecords test = buildSplit(listing, listing.test, listing.train.size(), decoded, import.test);
    checkPolicy(import, options);
    checkUsable(import, "train", import.train);
    checkUsable(import, "test", import.test);

    try {
        writeCache(primaryCacheDir(listing.root), listing, train, test, import);
    } catch (const std::exception& primaryError) {
        // A read-only image folder (a mounted share, another user's folder): cache per user instead.
        try {
            writeCache(fallbackCacheDir(listing.root), listing, train, test, import);
        } catch (const std::exception& fallbackError) {
            throw UserError("Could not write the image cache of " + listing.root.string() + " to " +
                            primaryCacheDir(listing.root).string() + " (" + primaryError.what() + ") nor to " +
                            fallbackCacheDir(listing.root).string() + " (" + fallbackError.what() +
                            "); free some disk space or make one of them writable");
        }
    }
    import.seconds = secondsSince(start);
    return import;
}

SplitDataset loadImageFolder(const fs::path& root, const CifarLoadOptions& options,
                             const ImageFolderOptions& importOptions)
{
    const ImageFolderImport import = importImageFolder(root, importOptions);
    SplitDataset data;
    data.sourceDir = import.root.string();
    data.classNames = import.classNames;
    const auto numClasses = static_cast<int64_t>(data.classNames.size());
    holdOutValidation(data, readCifarBatchFile(import.trainFile, numClasses).first(options.trainLimit),
                      options.valSize);
    data.test = readCifarBatchFile(import.testFile, numClasses).first(options.testLimit);
    return data;
}

ImageFolderSummary inspectImageFolder(const fs::path& root)
{
    // A GUI asks on every edit of a form; listing 60,000 names takes ~0.1 s, so the answer is kept
    // for as long as the folders' and the manifests' modification times stay the same.
    static std::mutex mutex;
    static std::map<std::string, std::pair<std::string, ImageFolderSummary>> remembered;
    const fs::path absolute = fs::absolute(root).lexically_normal();
    if (!isImageFolderRoot(absolute))
        listFolder(absolute, false); // throws the explanation
    const std::string key = folderKey(absolute) + ":" +
                            std::to_string(modificationNs(primaryCacheDir(absolute) / "manifest.json")) + ":" +
                            std::to_string(modificationNs(fallbackCacheDir(absolute) / "manifest.json"));
    {
        std::lock_guard<std::mutex> lock(mutex);
        const auto known = remembered.find(absolute.string());
        if (known != remembered.end() && known->second.first == key)
            return known->second.second;
    }
    const Listing listing = listFolder(absolute, false);
    ImageFolderSummary summary;
    summary.root = listing.root;
    summary.classNames = listing.classNames;
    summary.trainImages = static_cast<int64_t>(listing.train.size());
    summary.testImages = static_cast<int64_t>(listing.test.size());
    if (const auto cached = findCurrentCache(listing)) {
        summary.imported = true;
        summary.trainImages = cached->train.images;
        summary.testImages = cached->test.images;
        summary.skippedFiles = cached->skippedCount();
    }
    std::lock_guard<std::mutex> lock(mutex);
    remembered[absolute.string()] = {key, summary};
    return summary;
}

} // namespace flipbench
