#pragma once

#include "flipbench/util/cancel_token.h"
#include "flipbench/download/download.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace flipbench {

/// The official CIFAR-10 binary archive (https://www.cs.toronto.edu/~kriz/cifar.html).
inline constexpr const char* kCifar10Url = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
inline constexpr int64_t kCifar10ArchiveBytes = 170052171;
inline constexpr const char* kCifar10Sha256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd";
inline constexpr const char* kCifar10Md5 = "c32a1d4ab5d03f1284b67883e8d87530"; ///< as published; not checked

struct Cifar10DownloadRequest {
    std::filesystem::path dir; ///< the data folder; the data set ends up in dir/cifar-10-batches-bin
    std::string url = kCifar10Url;
    std::string sha256 = kCifar10Sha256;
    /// Archive size to check before the checksum. Unset: the official size when `sha256` is the
    /// official checksum, otherwise whatever the server sends (the checksum still decides).
    std::optional<int64_t> expectedBytes;
};

enum class Cifar10DownloadState { Downloaded, AlreadyPresent, Cancelled };

struct Cifar10DownloadOutcome {
    Cifar10DownloadState state = Cifar10DownloadState::Downloaded;
    std::filesystem::path cifarDir; ///< dir/cifar-10-batches-bin when it is complete
    std::string message;            ///< one line for the user
};

/// Where a download in progress keeps the archive: dir/.cifar-10-binary.tar.gz.part (hidden).
std::filesystem::path cifar10PartFile(const std::filesystem::path& dir);

/// The hidden temporary folders it unpacks into (dir/.cifar-10-unpack-XXXXXX) start with this.
inline constexpr const char* kCifar10UnpackPrefix = ".cifar-10-unpack-";

/// Downloads, verifies and unpacks CIFAR-10 into request.dir so that inspectCifar10Folder(dir) accepts it.
/// Never leaves a folder that looks complete but is not: the archive goes to a part file (resumed by
/// the next call after a network error or a cancel), its size and SHA-256 are checked (a mismatch
/// deletes it), the members are unpacked into a hidden temporary folder inside `dir`, checked with the
/// CIFAR-10 reader, synced, and only then renamed to dir/cifar-10-batches-bin. A complete folder
/// already there is kept as it is (AlreadyPresent). One download per folder at a time (flock on `dir`).
/// Throws DownloadError (network, disk, checksum), DataError (a damaged or unsafe archive, an
/// incomplete cifar-10-batches-bin in the way) or UserError (a bad checksum or address).
Cifar10DownloadOutcome downloadCifar10(const Cifar10DownloadRequest& request, DownloadProgressSink& sink,
                                       const CancelToken& cancel);

} // namespace flipbench
