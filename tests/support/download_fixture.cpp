#include "download_fixture.h"

#include "test_support.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <stdexcept>

namespace fbtest {

namespace {

la_ssize_t appendToString(struct archive*, void* user, const void* data, size_t size)
{
    static_cast<std::string*>(user)->append(static_cast<const char*>(data), size);
    return static_cast<la_ssize_t>(size);
}

std::string readAll(const fs::path& file)
{
    const std::vector<uint8_t> bytes = readBytes(file);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace

std::vector<ArchiveMember> cifarArchiveMembers(const fs::path& scratch, int perTrainBatch, int testCount)
{
    const fs::path folder = writeSmallCifarFolder(scratch, perTrainBatch, testCount);
    std::vector<ArchiveMember> members;
    members.push_back({"cifar-10-batches-bin/", "", "", ArchiveMember::Kind::Folder});
    for (const char* name : {"data_batch_1.bin", "batches.meta.txt", "data_batch_3.bin", "data_batch_4.bin",
                             "test_batch.bin", "data_batch_2.bin", "data_batch_5.bin"})
        members.push_back(ArchiveMember::file(std::string("cifar-10-batches-bin/") + name, readAll(folder / name)));
    members.push_back(ArchiveMember::file("cifar-10-batches-bin/readme.html",
                                          "<meta HTTP-EQUIV=\"REFRESH\" content=\"0; "
                                          "url=http://www.cs.toronto.edu/~kriz/cifar.html\">\n"));
    return members;
}

std::string tarGz(const std::vector<ArchiveMember>& members)
{
    std::string bytes;
    std::unique_ptr<struct archive, decltype(&archive_write_free)> writer(archive_write_new(), &archive_write_free);
    archive_write_add_filter_gzip(writer.get());
    archive_write_set_format_pax_restricted(writer.get());
    if (archive_write_open(writer.get(), &bytes, nullptr, appendToString, nullptr) != ARCHIVE_OK)
        throw std::runtime_error(std::string("libarchive: ") + archive_error_string(writer.get()));
    for (const ArchiveMember& member : members) {
        std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                                   &archive_entry_free);
        archive_entry_set_pathname(entry.get(), member.name.c_str());
        archive_entry_set_perm(entry.get(), 0644);
        switch (member.kind) {
        case ArchiveMember::Kind::File:
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_size(entry.get(), static_cast<la_int64_t>(member.content.size()));
            break;
        case ArchiveMember::Kind::Folder:
            archive_entry_set_filetype(entry.get(), AE_IFDIR);
            archive_entry_set_perm(entry.get(), 0755);
            break;
        case ArchiveMember::Kind::Symlink:
            archive_entry_set_filetype(entry.get(), AE_IFLNK);
            archive_entry_set_symlink(entry.get(), member.linkTarget.c_str());
            break;
        case ArchiveMember::Kind::Hardlink:
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_hardlink(entry.get(), member.linkTarget.c_str());
            break;
        case ArchiveMember::Kind::Fifo:
            archive_entry_set_filetype(entry.get(), AE_IFIFO);
            break;
        }
        if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK)
            throw std::runtime_error(std::string("libarchive: ") + archive_error_string(writer.get()));
        if (member.kind == ArchiveMember::Kind::File && !member.content.empty())
            archive_write_data(writer.get(), member.content.data(), member.content.size());
    }
    archive_write_close(writer.get());
    return bytes;
}

} // namespace fbtest
