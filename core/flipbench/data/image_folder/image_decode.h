#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace flipbench {

/// An 8-bit RGB picture: `height` rows of `width` pixels, each pixel R, G, B interleaved.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels; ///< width * height * 3 bytes, rows top to bottom
};

/// Why one image file could not be decoded, in a few words for a report line ("truncated JPEG
/// data", "a GIF image; only PNG and JPEG are read"). Not a UserError: the caller decides whether a
/// bad file skips or refuses the whole folder.
class ImageDecodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The largest picture decoded (width * height); a bigger one is reported, not loaded, so a stray
/// 100-megapixel scan cannot exhaust memory while several threads import.
constexpr int64_t kMaxDecodedPixels = int64_t(64) << 20;

/// Decodes a PNG (libpng) or JPEG (libjpeg-turbo) file held in memory. The format is found from the
/// first bytes, not from the file name. Converted to RGB the way Pillow's convert("RGB") does:
/// grey is replicated, a palette expanded, alpha dropped (not blended), 16-bit samples cut to their
/// high byte; JPEG with libjpeg's defaults (islow IDCT, fancy upsampling), as Pillow decodes it.
/// Throws ImageDecodeError.
RgbImage decodeImage(const std::string& bytes);

RgbImage decodePng(const std::string& bytes);
RgbImage decodeJpeg(const std::string& bytes);

} // namespace flipbench
