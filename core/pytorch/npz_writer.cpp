#include "flipbench/pytorch/npz_writer.h"

#include "flipbench/pytorch/npy.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

// LibTorch's own CRC-32 (header-only; its ZIP writer uses it for torch.save files): no zlib needed.
#include <caffe2/serialize/crc_alt.h>

#include <cstdint>
#include <limits>

namespace flipbench {

namespace {

void put16(std::string& out, uint32_t v)
{
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>((v >> 8) & 0xff);
}

void put32(std::string& out, uint32_t v)
{
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

// The fields a stored (method 0) entry shares between its local header and its central record
// (APPNOTE.TXT 4.3.7 and 4.3.12): version needed, flags, method, time, date, crc, sizes, name length.
void putEntryFields(std::string& out, uint32_t crc, uint32_t size, size_t nameLength)
{
    put16(out, 20);   // version needed to extract: 2.0
    put16(out, 0);    // flags
    put16(out, 0);    // stored
    put16(out, 0);    // time 00:00
    put16(out, 0x21); // date 1980-01-01: fixed, so equal weights give equal files
    put32(out, crc);
    put32(out, size); // compressed
    put32(out, size); // uncompressed
    put16(out, static_cast<uint32_t>(nameLength));
    put16(out, 0); // extra field length
}

} // namespace

void writeNpz(const std::filesystem::path& file, const std::vector<std::pair<std::string, torch::Tensor>>& arrays)
{
    if (arrays.size() > 0xffff)
        throw UserError("Cannot write " + file.string() + ": " + std::to_string(arrays.size()) +
                        " arrays, more than a plain ZIP holds (65535)");
    std::string archive, central;
    constexpr uint64_t kLimit = std::numeric_limits<uint32_t>::max();
    for (const auto& [name, tensor] : arrays) {
        const std::string entry = name + ".npy";
        const std::string bytes = npyBytes(tensor);
        if (bytes.size() >= kLimit || archive.size() + bytes.size() + entry.size() + 30 >= kLimit)
            throw UserError("Cannot write " + file.string() +
                            ": the arrays exceed 4 GiB, the plain ZIP limit; use "
                            "--format pth");
        const uint32_t crc = crc32_fast(bytes.data(), bytes.size());
        const auto offset = static_cast<uint32_t>(archive.size());
        put32(archive, 0x04034b50); // local file header
        putEntryFields(archive, crc, static_cast<uint32_t>(bytes.size()), entry.size());
        archive += entry;
        archive += bytes;

        put32(central, 0x02014b50); // central directory header
        put16(central, 20);         // made by: version 2.0
        putEntryFields(central, crc, static_cast<uint32_t>(bytes.size()), entry.size());
        put16(central, 0); // comment length
        put16(central, 0); // disk number
        put16(central, 0); // internal attributes
        put32(central, 0); // external attributes
        put32(central, offset);
        central += entry;
    }
    if (archive.size() + central.size() + 22 >= kLimit)
        throw UserError("Cannot write " + file.string() + ": the arrays exceed 4 GiB, the plain ZIP limit");
    const auto centralOffset = static_cast<uint32_t>(archive.size());
    archive += central;
    put32(archive, 0x06054b50); // end of central directory
    put16(archive, 0);
    put16(archive, 0);
    put16(archive, static_cast<uint32_t>(arrays.size()));
    put16(archive, static_cast<uint32_t>(arrays.size()));
    put32(archive, static_cast<uint32_t>(central.size()));
    put32(archive, centralOffset);
    put16(archive, 0); // comment length
    writeTextAtomically(file, archive);
}

} // namespace flipbench
