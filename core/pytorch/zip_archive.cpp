#include "flipbench/pytorch/zip_archive.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <algorithm>
#include <set>

namespace flipbench {

namespace {

constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;

uint64_t little(const std::string& bytes, size_t at, int width)
{
    uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i)
        value = (value << 8) | static_cast<uint8_t>(bytes[at + static_cast<size_t>(i)]);
    return value;
}

} // namespace

ZipArchive::ZipArchive(const std::filesystem::path& file) : file_(file), bytes_(readFile(file))
{
    const auto fail = [&](const std::string& why) {
        return DataError(file.string() + " is not a PyTorch file written by torch.save (a ZIP archive): " + why);
    };
    if (bytes_.size() < 22)
        throw fail("too short");
    // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
    size_t eocd = std::string::npos;
    const size_t lowest = bytes_.size() > 22 + 65535 ? bytes_.size() - 22 - 65535 : 0;
    for (size_t at = bytes_.size() - 22 + 1; at-- > lowest;)
        if (little(bytes_, at, 4) == kEndOfCentralDirectory) {
            eocd = at;
            break;
        }
    if (eocd == std::string::npos)
        throw fail(bytes_.compare(0, 2, "\x80\x02") == 0
                       ? "it is in the legacy pre-1.6 format; re-save it with a current PyTorch"
                       : "no end-of-central-directory record");
    const uint64_t count = little(bytes_, eocd + 10, 2);
    std::set<std::string> seen;
    uint64_t at = little(bytes_, eocd + 16, 4);
    for (uint64_t i = 0; i < count; ++i) {
        if (at + 46 > bytes_.size() || little(bytes_, at, 4) != kCentralHeader)
            throw fail("damaged central directory");
        Entry entry;
        entry.method = static_cast<uint16_t>(little(bytes_, at + 10, 2));
        entry.size = little(bytes_, at + 24, 4);
        const uint64_t nameLength = little(bytes_, at + 28, 2), extraLength = little(bytes_, at + 30, 2),
                       commentLength = little(bytes_, at + 32, 2);
        entry.localHeader = little(bytes_, at + 42, 4);
        if (entry.size == 0xffffffffu || entry.localHeader == 0xffffffffu)
            throw fail("ZIP64 archives (members over 4 GB) are not supported");
        entry.name = bytes_.substr(at + 46, nameLength);
        // Two members of one name: which one a reader takes differs between readers, so the file
        // means different things to different tools. torch.save never writes one.
        if (!seen.insert(entry.name).second)
            throw fail("the member " + entry.name + " appears twice");
        names_.push_back(entry.name);
        entries_.push_back(entry);
        at += 46 + nameLength + extraLength + commentLength;
    }
}

bool ZipArchive::contains(const std::string& name) const
{
    return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == name; });
}

const ZipArchive::Entry& ZipArchive::find(const std::string& name) const
{
    for (const auto& e : entries_)
        if (e.name == name)
            return e;
    throw DataError(file_.string() + ": member " + name + " is missing from the archive");
}

std::string ZipArchive::read(const std::string& name) const
{
    const Entry& e = find(name);
    if (e.method != 0)
        throw DataError(file_.string() + ": member " + name + " is compressed; torch.save writes stored members only");
    if (e.localHeader + 30 > bytes_.size() || little(bytes_, e.localHeader, 4) != kLocalHeader)
        throw DataError(file_.string() + ": damaged local header of " + name);
    const uint64_t data =
        e.localHeader + 30 + little(bytes_, e.localHeader + 26, 2) + little(bytes_, e.localHeader + 28, 2);
    if (data + e.size > bytes_.size())
        throw DataError(file_.string() + ": member " + name + " is truncated");
    return bytes_.substr(data, e.size);
}

} // namespace flipbench
