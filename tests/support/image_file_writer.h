#pragma once

// Writes small PNG and JPEG files for the image-folder tests, with libpng and libjpeg directly, so
// the suite needs neither Python nor network.

#include <cstdint>
#include <filesystem>
#include <vector>

namespace fbtest {

/// `rgb`: width * height * 3 bytes, rows top to bottom. `grey`: write a greyscale PNG from the R
/// channel instead (the reader must replicate it into R, G and B).
void writePngFile(const std::filesystem::path& file, int width, int height, const std::vector<uint8_t>& rgb,
                  bool grey = false);

/// Baseline JPEG, 4:2:0, libjpeg's default settings at `quality`.
void writeJpegFile(const std::filesystem::path& file, int width, int height, const std::vector<uint8_t>& rgb,
                   int quality = 95);

} // namespace fbtest
