#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// Read-only access to the uncompressed ("stored") members of a ZIP archive, which is what
/// torch.save writes since PyTorch 1.6 (one member per storage, plus data.pkl). The whole file is
/// read into memory; model files are tens of megabytes.
class ZipArchive {
public:
    /// Throws DataError naming the file when it is not a ZIP archive or is truncated.
    explicit ZipArchive(const std::filesystem::path& file);

    const std::vector<std::string>& names() const { return names_; }
    bool contains(const std::string& name) const;
    /// The bytes of a member; throws DataError for a missing or compressed member.
    std::string read(const std::string& name) const;

private:
    struct Entry {
        std::string name;
        uint16_t method = 0;
        uint64_t size = 0;
        uint64_t localHeader = 0;
    };
    const Entry& find(const std::string& name) const;

    std::filesystem::path file_;
    std::string bytes_;
    std::vector<Entry> entries_;
    std::vector<std::string> names_;
};

} // namespace flipbench
