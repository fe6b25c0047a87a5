#pragma once

#include "flipbench/util/cancel_token.h"
#include "flipbench/download/download.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// The members an archive may hold: regular files directly inside one top-level folder.
struct ArchiveMemberRules {
    std::string folder;                     ///< e.g. "cifar-10-batches-bin"
    std::vector<std::string> requiredFiles; ///< names inside `folder` that must be there
    std::vector<std::string> optionalFiles; ///< names inside `folder` that may be there
    /// A member larger than this is refused: it guards against a decompression bomb from a mirror
    /// whose checksum the user passed themselves.
    int64_t maxFileBytes = int64_t(1) << 30;
};

/// Unpacks the allowed members of a .tar or .tar.gz `archive` (libarchive) into `into`/folder/NAME,
/// reporting Extract progress over the archive's bytes. `into` must exist and `into/folder` must not.
/// Safety: the archive is refused (DataError naming the member) when any member has an absolute path,
/// a ".." component, is a symbolic or hard link, a device, FIFO or socket, appears twice, or exceeds
/// maxFileBytes; regular files it does not list are skipped and named in a message. Files are created
/// with O_EXCL | O_NOFOLLOW (nothing already there is followed or overwritten) and synced to disk.
/// A missing required file is a DataError too; a failed write (disk full) a DownloadError. Returns false
/// when cancelled. After a false return or an
/// exception, `into` may hold some members: the caller removes it.
bool extractArchiveMembers(const std::filesystem::path& archive, const std::filesystem::path& into,
                           const ArchiveMemberRules& rules, DownloadProgressSink& sink, const CancelToken& cancel);

} // namespace flipbench
