// The image-folder API of a build without the image-folders part (FLIPBENCH_IMAGE_FOLDERS=OFF or
// libpng/libjpeg not found). The layout is still recognised, so data_folder.cpp tells an image folder
// from a damaged CIFAR-10 folder; everything that would decode an image throws MissingPartError.

#include "flipbench/data/image_folder/image_folder.h"

#include "flipbench/util/build_parts.h"

namespace fs = std::filesystem;

namespace flipbench {

namespace {

[[noreturn]] void missing(const fs::path& root)
{
    throw MissingPartError(BuildPart::ImageFolders, "The image folder " + root.string());
}

} // namespace

bool isImageFolderRoot(const fs::path& dir)
{
    std::error_code ec;
    return fs::is_directory(dir / "train", ec) && fs::is_directory(dir / "test", ec);
}

ImageFolderImport importImageFolder(const fs::path& root, const ImageFolderOptions&)
{
    missing(root);
}

SplitDataset loadImageFolder(const fs::path& root, const CifarLoadOptions&, const ImageFolderOptions&)
{
    missing(root);
}

ImageFolderSummary inspectImageFolder(const fs::path& root)
{
    missing(root);
}

std::string formatImportReport(const ImageFolderImport& import)
{
    missing(import.root);
}

} // namespace flipbench
