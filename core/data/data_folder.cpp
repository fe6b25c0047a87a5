#include "flipbench/data/data_folder.h"

#include "flipbench/util/errors.h"

namespace fs = std::filesystem;

namespace flipbench {

namespace {

bool hasCifarFiles(const fs::path& dir)
{
    std::error_code ec;
    return fs::exists(dir / "test_batch.bin", ec) || fs::exists(dir / "batches.meta.txt", ec) ||
           fs::exists(dir / "cifar-10-batches-bin", ec);
}

std::string grouped(int64_t value)
{
    std::string digits = std::to_string(value);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<size_t>(at), ",");
    return digits;
}

} // namespace

DataFolderKind dataFolderKind(const fs::path& dir)
{
    if (dir.empty() || !fs::is_directory(dir) || hasCifarFiles(dir))
        return DataFolderKind::CifarBinary; // its reader explains a missing or damaged folder
    if (isImageFolderRoot(dir))
        return DataFolderKind::ImageFolder;
    const std::string name = dir.filename().string();
    if ((name == "train" || name == "test") && isImageFolderRoot(dir.parent_path()))
        throw DataError("Folder " + dir.string() + " is the " + name + " split of an image folder; give its parent " +
                        dir.parent_path().string() + " (which holds train/ and test/)");
    throw DataError("Folder " + dir.string() +
                    " is not a CIFAR-10 binary folder (test_batch.bin and batches.meta.txt in it or in its "
                    "cifar-10-batches-bin subfolder) nor an image folder (train/<class>/*.png|jpg|jpeg and "
                    "test/<class>/..., torchvision's ImageFolder layout)");
}

DataFolderSummary inspectDataFolder(const fs::path& dir)
{
    DataFolderSummary summary;
    summary.kind = dataFolderKind(dir);
    if (summary.kind == DataFolderKind::CifarBinary) {
        const CifarFolderSummary cifar = inspectCifar10Folder(dir);
        summary.dir = cifar.dir;
        summary.trainImages = cifar.trainImages;
        summary.testImages = cifar.testImages;
        summary.classNames = cifar.classNames;
        return summary;
    }
    const ImageFolderSummary images = inspectImageFolder(dir);
    summary.dir = images.root;
    summary.trainImages = images.trainImages;
    summary.testImages = images.testImages;
    summary.classNames = images.classNames;
    summary.imported = images.imported;
    summary.skippedFiles = images.skippedFiles;
    return summary;
}

SplitDataset loadDataFolder(const fs::path& dir, const CifarLoadOptions& options)
{
    if (dataFolderKind(dir) == DataFolderKind::ImageFolder)
        return loadImageFolder(dir, options);
    return loadCifar10Binary(dir, options);
}

ImageSet readDataFolderTestImages(const fs::path& dir, int64_t limit)
{
    const fs::path file = dataFolderKind(dir) == DataFolderKind::ImageFolder
                              ? importImageFolder(dir).testFile
                              : locateCifarBinaryDir(dir) / "test_batch.bin";
    return readCifarBatchFile(file, 256).first(limit);
}

std::string describeDataFolder(const DataFolderSummary& summary)
{
    const std::string counts = grouped(summary.trainImages) + " train / " + grouped(summary.testImages) +
                               " test images, " + std::to_string(summary.classNames.size()) + " classes";
    if (summary.kind == DataFolderKind::CifarBinary)
        return "CIFAR-10: " + counts;
    if (!summary.imported)
        return "Image folder: " + counts + " (image files found; decoded into a cache when the first run starts)";
    return "Image folder: " + counts + " (imported" +
           (summary.skippedFiles > 0 ? "; " + grouped(summary.skippedFiles) + " unreadable files skipped" : "") + ")";
}

} // namespace flipbench
