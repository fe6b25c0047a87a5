// CIFAR-10 from its official archive: download (resumable), verify, unpack into a hidden temporary
// folder, check with the reader, then one rename. Each step leaves nothing that looks complete.

#include "flipbench/download/download_cifar10.h"

#include "flipbench/download/archive_extract.h"
#include "flipbench/data/cifar_reader.h"
#include "flipbench/download/download_checksum.h"
#include "flipbench/util/errors.h"

#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

constexpr const char* kFolder = "cifar-10-batches-bin";

ArchiveMemberRules cifar10Rules()
{
    ArchiveMemberRules rules;
    rules.folder = kFolder;
    for (int batch = 1; batch <= kCifarTrainBatches; ++batch)
        rules.requiredFiles.push_back("data_batch_" + std::to_string(batch) + ".bin");
    rules.requiredFiles.push_back("test_batch.bin");
    rules.requiredFiles.push_back("batches.meta.txt");
    rules.optionalFiles.push_back("readme.html");
    rules.maxFileBytes = int64_t(256) << 20; // a batch is 30.7 MB
    return rules;
}

/// Holds an exclusive flock on the data folder itself (no lock file to leave behind).
class FolderLock {
public:
    explicit FolderLock(const fs::path& dir) : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
    {
        if (fd_ < 0)
            throw UserError("Cannot open the folder " + dir.string() + ": " + std::strerror(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw UserError("Another download into " + dir.string() +
                            " is running (in this or another Flipbench). Wait for it, or pick another folder.");
        }
    }
    ~FolderLock() { ::close(fd_); } // closing releases the lock
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int fd_;
};

std::string withThousands(int64_t value)
{
    std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<size_t>(i), ",");
    return digits;
}

std::string describe(const CifarFolderSummary& summary)
{
    return withThousands(summary.trainImages) + " training and " + withThousands(summary.testImages) +
           " test images, " + std::to_string(summary.classNames.size()) + " classes";
}

/// A complete data set already in `dir`, or nothing. Something in the way that is not complete is an error.
std::optional<CifarFolderSummary> existingDataSet(const fs::path& dir)
{
    try {
        return inspectCifar10Folder(dir);
    } catch (const DataError& e) {
        std::error_code ec;
        const bool inTheWay = fs::exists(fs::symlink_status(dir / kFolder, ec)) || fs::exists(dir / "test_batch.bin") ||
                              fs::exists(dir / "batches.meta.txt");
        if (inTheWay)
            throw DataError(std::string("An incomplete CIFAR-10 folder is in the way: ") + e.what() +
                            ". Move it away or delete it, then download again.");
        return std::nullopt;
    }
}

void removeQuietly(const fs::path& path)
{
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

/// Unpack folders left by a download that crashed (we hold the folder's lock, so none is in use).
void removeStaleUnpackFolders(const fs::path& dir)
{
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().filename().string().rfind(kCifar10UnpackPrefix, 0) == 0)
            removeQuietly(entry.path());
}

void checkFreeSpace(const fs::path& dir, int64_t total, int64_t alreadyThere)
{
    std::error_code ec;
    const fs::space_info space = fs::space(dir, ec);
    // The rest of the archive, plus the unpacked files (CIFAR-10's are 8% larger than the archive).
    const int64_t needed = (total - alreadyThere) + total * 11 / 10;
    if (!ec && static_cast<int64_t>(space.available) < needed)
        throw DownloadError("Not enough disk space in " + dir.string() + ": the download needs about " +
                            formatByteCount(needed) + ", only " +
                            formatByteCount(static_cast<int64_t>(space.available)) +
                            " are free. Free some space or choose another folder.");
}

fs::path makeUnpackFolder(const fs::path& dir)
{
    std::string pattern = (dir / (std::string(kCifar10UnpackPrefix) + "XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        throw DownloadError("Cannot create a temporary folder in " + dir.string() + ": " + std::strerror(errno));
    return pattern;
}

void syncFolder(const fs::path& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

Cifar10DownloadOutcome cancelled(const std::string& message)
{
    return {Cifar10DownloadState::Cancelled, {}, message};
}

} // namespace

fs::path cifar10PartFile(const fs::path& dir)
{
    return dir / ".cifar-10-binary.tar.gz.part";
}

Cifar10DownloadOutcome downloadCifar10(const Cifar10DownloadRequest& request, DownloadProgressSink& sink,
                                       const CancelToken& cancel)
{
    const std::string sha256 = normalizeSha256(request.sha256, "checksum");
    const std::string url = normalizeDownloadUrl(request.url);
    const int64_t expectedBytes =
        request.expectedBytes.value_or(sha256 == kCifar10Sha256 ? kCifar10ArchiveBytes : int64_t(0));
    if (request.dir.empty())
        throw UserError("No folder given to download CIFAR-10 into");
    const fs::path dir = fs::absolute(request.dir).lexically_normal();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw UserError("Cannot create the folder " + dir.string() + ": " + ec.message());

    const FolderLock lock(dir);
    if (const auto present = existingDataSet(dir))
        return {Cifar10DownloadState::AlreadyPresent, present->dir,
                "CIFAR-10 is already complete in " + present->dir.string() + " (" + describe(*present) +
                    "); nothing to do."};
    removeStaleUnpackFolders(dir);

    // 1. Download into the part file (resuming what an earlier attempt left).
    const fs::path part = cifar10PartFile(dir);
    const int64_t partBefore = fs::exists(part) ? static_cast<int64_t>(fs::file_size(part)) : 0;
    if (expectedBytes > 0)
        checkFreeSpace(dir, expectedBytes, partBefore <= expectedBytes ? partBefore : 0);
    const PartDownloadResult downloaded = downloadToPartFile(url, part, expectedBytes, sink, cancel);
    if (downloaded.cancelled)
        return cancelled("Download cancelled at byte " + std::to_string(downloaded.partBytes) +
                         (expectedBytes > 0 ? " of " + std::to_string(expectedBytes) : std::string()) + "; the " +
                         formatByteCount(downloaded.partBytes) + " received are kept in " + part.string() +
                         " and the next download resumes there.");

    // 2. Verify size and checksum before anything is unpacked.
    if (expectedBytes > 0 && downloaded.partBytes != expectedBytes) {
        // The server said the transfer was complete: this is another file, and resuming it cannot help.
        removeQuietly(part);
        throw DownloadError("The download of " + url + " has " + std::to_string(downloaded.partBytes) +
                            " bytes, expected " + std::to_string(expectedBytes) +
                            ": it is not the expected archive and was deleted. Check the address; if it is a "
                            "mirror of a different build, pass that file's checksum.");
    }
    const auto found = sha256OfFile(part, sink, cancel);
    if (!found)
        return cancelled("Cancelled while checking the checksum; the downloaded archive is kept in " + part.string() +
                         " and is checked again next time.");
    if (*found != sha256) {
        removeQuietly(part);
        throw DownloadError("Checksum mismatch for " + url + " (" + std::to_string(downloaded.partBytes) +
                            " bytes): expected sha256 " + sha256 + ", found " + *found +
                            ". The download was deleted and nothing was unpacked. Run it again; if the address "
                            "is a mirror of a different build, pass that build's checksum.");
    }
    sink.message("Checksum verified (sha256 " + sha256 + ").");

    // 3. Unpack into a hidden folder, check it like a training run would, then rename it into place.
    const fs::path unpack = makeUnpackFolder(dir);
    try {
        if (!extractArchiveMembers(part, unpack, cifar10Rules(), sink, cancel)) {
            removeQuietly(unpack);
            return cancelled("Cancelled while unpacking; nothing was kept but the verified archive " + part.string() +
                             ", which the next download unpacks without downloading again.");
        }
        const CifarFolderSummary unpacked = inspectCifar10Folder(unpack / kFolder);
        syncFolder(unpack);
        fs::rename(unpack / kFolder, dir / kFolder, ec);
        if (ec)
            throw DownloadError("Could not move the unpacked data set to " + (dir / kFolder).string() + ": " +
                                ec.message());
        syncFolder(dir);
        removeQuietly(unpack);
        removeQuietly(part);
        const fs::path finalDir = dir / kFolder;
        return {Cifar10DownloadState::Downloaded, finalDir,
                "CIFAR-10 is ready in " + finalDir.string() + " (" + describe(unpacked) + ")."};
    } catch (...) {
        removeQuietly(unpack);
        throw;
    }
}

} // namespace flipbench
