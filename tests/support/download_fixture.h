#pragma once

// Archives for the download tests: .tar.gz bytes in the official CIFAR-10 layout (tiny records) or
// with hostile members, written with libarchive.

#include <filesystem>
#include <string>
#include <vector>

namespace fbtest {

struct ArchiveMember {
    enum class Kind { File, Folder, Symlink, Hardlink, Fifo };
    std::string name;
    std::string content;    ///< File only
    std::string linkTarget; ///< Symlink and Hardlink only
    Kind kind = Kind::File;

    static ArchiveMember file(const std::string& name, const std::string& content)
    {
        return {name, content, {}, Kind::File};
    }
};

/// The members of cifar-10-binary.tar.gz, in its order (the folder, then the batches, meta and
/// readme), holding a small folder from writeSmallCifarFolder(scratch, perTrainBatch, testCount).
std::vector<ArchiveMember> cifarArchiveMembers(const std::filesystem::path& scratch, int perTrainBatch, int testCount);

/// The members as a gzip-compressed tar (pax format), in memory.
std::string tarGz(const std::vector<ArchiveMember>& members);

} // namespace fbtest
