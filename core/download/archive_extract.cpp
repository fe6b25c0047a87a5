// Safe unpacking with libarchive: every member is checked against an allow-list before it is written,
// and the files are written by this code (never by archive_write_disk), so a member can only ever
// land at into/folder/NAME for a NAME the rules list.

#include "flipbench/download/archive_extract.h"

#include "flipbench/download/download_rate.h"
#include "flipbench/util/errors.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

using ArchiveReader = std::unique_ptr<struct archive, decltype(&archive_read_free)>;

enum class MemberKind { Folder, Extract, Skip };

/// "a/./b//c" -> {"a", "b", "c"}; a leading "./" is what `tar -C dir .` writes and is harmless.
std::vector<std::string> splitMemberPath(const std::string& path)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = std::min(path.find('/', start), path.size());
        const std::string part = path.substr(start, end - start);
        if (!part.empty() && part != ".")
            parts.push_back(part);
        start = end + 1;
    }
    return parts;
}

bool listed(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

class Extractor {
public:
    Extractor(const fs::path& archive, const fs::path& into, const ArchiveMemberRules& rules)
        : archive_(archive), folder_(into / rules.folder), rules_(rules)
    {
    }

    [[noreturn]] void refuse(const std::string& member, const std::string& reason) const
    {
        throw DataError("Refusing to unpack " + archive_.string() + ": its member \"" + member + "\" " + reason +
                        ". This is not the expected archive; nothing from it is kept.");
    }

    MemberKind classify(struct archive_entry* entry)
    {
        const char* rawName = archive_entry_pathname(entry);
        if (!rawName || !*rawName)
            refuse("(unnamed)", "has no readable name");
        const std::string name = rawName;
        if (name.front() == '/')
            refuse(name, "has an absolute path");
        const std::vector<std::string> parts = splitMemberPath(name);
        if (std::find(parts.begin(), parts.end(), "..") != parts.end())
            refuse(name, "climbs out of the target folder with \"..\"");
        if (archive_entry_hardlink(entry) || archive_entry_symlink(entry))
            refuse(name, "is a link");
        const auto type = archive_entry_filetype(entry);
        if (type == AE_IFDIR)
            return parts.size() == 1 && parts[0] == rules_.folder ? MemberKind::Folder : MemberKind::Skip;
        if (type != AE_IFREG)
            refuse(name, "is a device, FIFO, socket or link, not a regular file");
        if (parts.size() != 2 || parts[0] != rules_.folder ||
            !(listed(rules_.requiredFiles, parts[1]) || listed(rules_.optionalFiles, parts[1])))
            return MemberKind::Skip;
        if (!seen_.insert(parts[1]).second)
            refuse(name, "appears twice");
        if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > rules_.maxFileBytes)
            refuse(name, "is " + std::to_string(archive_entry_size(entry)) + " bytes, more than the " +
                             std::to_string(rules_.maxFileBytes) + " allowed");
        return MemberKind::Extract;
    }

    /// Writes the current member's data to folder/NAME. False when cancelled part-way.
    bool writeMember(struct archive* reader, const std::string& member, const std::string& fileName,
                     const std::function<bool()>& tick)
    {
        const fs::path target = folder_ / fileName;
        const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
            throwWriteError(target, errno);
        std::vector<char> buffer(1 << 20);
        int64_t written = 0;
        bool finished = false;
        int error = 0;
        while (!finished && error == 0) {
            const la_ssize_t count = archive_read_data(reader, buffer.data(), buffer.size());
            if (count < 0) {
                ::close(fd);
                throw DataError("Could not unpack " + member + " from " + archive_.string() + ": " +
                                archive_error_string(reader) + " (the archive is damaged)");
            }
            finished = count == 0;
            for (la_ssize_t offset = 0; offset < count && error == 0;) {
                const ssize_t done = ::write(fd, buffer.data() + offset, static_cast<size_t>(count - offset));
                if (done < 0 && errno != EINTR)
                    error = errno;
                offset += done > 0 ? done : 0;
            }
            written += count;
            if (written > rules_.maxFileBytes) {
                ::close(fd);
                refuse(member, "holds more than the " + std::to_string(rules_.maxFileBytes) + " bytes allowed");
            }
            if (!tick()) {
                ::close(fd);
                return false;
            }
        }
        if (error == 0 && ::fsync(fd) != 0)
            error = errno;
        if (::close(fd) != 0 && error == 0)
            error = errno;
        if (error != 0)
            throwWriteError(target, error);
        return true;
    }

    [[noreturn]] void throwWriteError(const fs::path& target, int error) const
    {
        // A disk problem, not a problem of the archive: the same class as a failed download write.
        throw DownloadError("Could not write " + target.string() + " while unpacking " + archive_.string() + ": " +
                            std::strerror(error) +
                            (error == ENOSPC ? ". Free some disk space and run the download again (the verified "
                                               "archive is kept, so it is not downloaded again)."
                                             : "."));
    }

    void checkComplete() const
    {
        for (const std::string& name : rules_.requiredFiles)
            if (!seen_.count(name))
                throw DataError("The archive " + archive_.string() + " has no " + rules_.folder + "/" + name +
                                ": it is not the expected archive (check the address and its checksum).");
    }

    const fs::path& folder() const { return folder_; }

private:
    fs::path archive_;
    fs::path folder_;
    const ArchiveMemberRules& rules_;
    std::set<std::string> seen_;
};

void syncFolder(const fs::path& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

bool extractArchiveMembers(const fs::path& archive, const fs::path& into, const ArchiveMemberRules& rules,
                           DownloadProgressSink& sink, const CancelToken& cancel)
{
    ArchiveReader reader(archive_read_new(), &archive_read_free);
    archive_read_support_filter_gzip(reader.get());
    archive_read_support_format_tar(reader.get());
    if (archive_read_open_filename(reader.get(), archive.c_str(), 1 << 20) != ARCHIVE_OK)
        throw DataError("Cannot open " + archive.string() +
                        " as a .tar.gz archive: " + archive_error_string(reader.get()));

    Extractor extractor(archive, into, rules);
    std::error_code ec;
    if (!fs::create_directory(extractor.folder(), ec))
        throw DataError("Cannot create " + extractor.folder().string() +
                        " to unpack into: " + (ec ? ec.message() : "it already exists"));

    std::error_code sizeError;
    const auto total = static_cast<int64_t>(fs::file_size(archive, sizeError));
    DownloadRateMeter meter(DownloadProgress::Phase::Extract, 0);
    const auto tick = [&]() {
        if (auto report = meter.sample(archive_filter_bytes(reader.get(), -1), total))
            sink.progress(*report);
        return !cancel.isCancelled();
    };

    struct archive_entry* entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
            throw DataError("Could not read " + archive.string() + ": " + archive_error_string(reader.get()) +
                            " (the archive is damaged or not a .tar.gz)");
        const std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
        switch (extractor.classify(entry)) {
        case MemberKind::Folder:
            break;
        case MemberKind::Skip:
            sink.message("Skipped " + name + ": not part of the data set.");
            break;
        case MemberKind::Extract:
            if (!extractor.writeMember(reader.get(), name, splitMemberPath(name)[1], tick))
                return false;
            break;
        }
        if (!tick())
            return false;
    }
    extractor.checkComplete();
    syncFolder(extractor.folder());
    if (auto report = meter.sample(total, total, true))
        sink.progress(*report);
    return true;
}

} // namespace flipbench
