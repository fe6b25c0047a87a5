// Picks the decoder from a file's first bytes and names the formats it does not read, so a report
// says "a GIF image" rather than "decoding failed".

#include "flipbench/data/image_folder/image_decode.h"

#include <cstring>

namespace flipbench {

namespace {

bool startsWith(const std::string& bytes, const char* magic, size_t length, size_t at = 0)
{
    return bytes.size() >= at + length && std::memcmp(bytes.data() + at, magic, length) == 0;
}

std::string otherFormat(const std::string& bytes)
{
    if (startsWith(bytes, "GIF8", 4))
        return "GIF";
    if (startsWith(bytes, "BM", 2))
        return "BMP";
    if (startsWith(bytes, "RIFF", 4) && startsWith(bytes, "WEBP", 4, 8))
        return "WebP";
    if (startsWith(bytes, "II*\0", 4) || startsWith(bytes, "MM\0*", 4))
        return "TIFF";
    return {};
}

} // namespace

RgbImage decodeImage(const std::string& bytes)
{
    if (bytes.empty())
        throw ImageDecodeError("empty file (0 bytes)");
    if (startsWith(bytes, "\x89PNG\r\n\x1a\n", 8))
        return decodePng(bytes);
    if (startsWith(bytes, "\xff\xd8\xff", 3))
        return decodeJpeg(bytes);
    const std::string format = otherFormat(bytes);
    if (!format.empty())
        throw ImageDecodeError("a " + format + " image; only PNG and JPEG are read (convert it, e.g. to PNG)");
    throw ImageDecodeError("not a PNG or JPEG file (its first bytes match neither format)");
}

} // namespace flipbench
