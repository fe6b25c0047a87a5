#pragma once

#include "flipbench/util/errors.h"

#include <string>
#include <vector>

namespace flipbench {

/// The optional parts of the core, chosen when configuring (cmake/FlipbenchParts.cmake). A CUDA
/// server with only LibTorch and nlohmann_json builds the core without them.
enum class BuildPart {
    Download,     ///< FLIPBENCH_DOWNLOAD: dataset download (libcurl, OpenSSL, libarchive)
    ImageFolders, ///< FLIPBENCH_IMAGE_FOLDERS: image-folder decoding (libpng, libjpeg)
};

/// What a part is, for `flipbench-cli version`, --help and the missing-part message.
struct BuildPartInfo {
    BuildPart part;
    std::string name;     ///< "download", "image-folders"
    std::string option;   ///< "FLIPBENCH_DOWNLOAD"
    std::string packages; ///< the Debian packages it needs
    std::string features; ///< what it gives: commands and inputs
    bool built = false;
    std::string note; ///< how the configure step decided ("FLIPBENCH_DOWNLOAD=OFF", "not found: CURL")
};

/// Every optional part, built or not, in a fixed order.
const std::vector<BuildPartInfo>& buildParts();

const BuildPartInfo& buildPartInfo(BuildPart part);

bool hasBuildPart(BuildPart part);

/// One line: "download, image-folders", or "none" when both are left out.
std::string builtPartsList();

/// A feature that needs a part this build lacks. A UserError (the CLI exits with 2); the message
/// names the part, why it is missing and how to rebuild with it.
class MissingPartError : public UserError {
public:
    /// `what` starts the message: "download-cifar10", "The image folder /data/pets"; `otherwise`, when
    /// given, ends it with what to do without rebuilding.
    MissingPartError(BuildPart part, const std::string& what, const std::string& otherwise = {});

    BuildPart part;
};

} // namespace flipbench
