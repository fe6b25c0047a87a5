#include "flipbench/util/build_parts.h"

// Set for this file only (core/CMakeLists.txt), so no other object depends on the configuration.
#if !defined(FLIPBENCH_HAS_DOWNLOAD) || !defined(FLIPBENCH_HAS_IMAGE_FOLDERS)
#error "build_parts.cpp needs FLIPBENCH_HAS_DOWNLOAD and FLIPBENCH_HAS_IMAGE_FOLDERS (cmake/FlipbenchParts.cmake)"
#endif
#ifndef FLIPBENCH_DOWNLOAD_NOTE
#define FLIPBENCH_DOWNLOAD_NOTE ""
#endif
#ifndef FLIPBENCH_IMAGE_FOLDERS_NOTE
#define FLIPBENCH_IMAGE_FOLDERS_NOTE ""
#endif

namespace flipbench {

const std::vector<BuildPartInfo>& buildParts()
{
    static const std::vector<BuildPartInfo> parts = {
        {BuildPart::Download, "download", "FLIPBENCH_DOWNLOAD", "libcurl4-openssl-dev, libssl-dev and libarchive-dev",
         "download-cifar10", FLIPBENCH_HAS_DOWNLOAD != 0, FLIPBENCH_DOWNLOAD_NOTE},
        {BuildPart::ImageFolders, "image-folders", "FLIPBENCH_IMAGE_FOLDERS", "libpng-dev and libjpeg62-turbo-dev",
         "import-images, and --data or data.path naming an image folder (ROOT/train/<class>/, ROOT/test/<class>/)",
         FLIPBENCH_HAS_IMAGE_FOLDERS != 0, FLIPBENCH_IMAGE_FOLDERS_NOTE},
    };
    return parts;
}

const BuildPartInfo& buildPartInfo(BuildPart part)
{
    for (const BuildPartInfo& info : buildParts())
        if (info.part == part)
            return info;
    return buildParts().front(); // not reached: every part is listed
}

bool hasBuildPart(BuildPart part)
{
    return buildPartInfo(part).built;
}

std::string builtPartsList()
{
    std::string list;
    for (const BuildPartInfo& info : buildParts())
        if (info.built)
            list += (list.empty() ? "" : ", ") + info.name;
    return list.empty() ? "none" : list;
}

namespace {

std::string missingPartMessage(BuildPart part, const std::string& what, const std::string& otherwise)
{
    const BuildPartInfo& info = buildPartInfo(part);
    std::string message = what + " needs the " + info.name + " part, which this build of Flipbench lacks";
    if (!info.note.empty())
        message += " (" + info.note + ")";
    message += ". Rebuild with -D" + info.option + "=ON after installing " + info.packages + ".";
    if (!otherwise.empty())
        message += " " + otherwise;
    return message;
}

} // namespace

MissingPartError::MissingPartError(BuildPart part, const std::string& what, const std::string& otherwise)
    : UserError(missingPartMessage(part, what, otherwise)), part(part)
{
}

} // namespace flipbench
