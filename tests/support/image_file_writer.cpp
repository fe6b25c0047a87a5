#include "image_file_writer.h"

#include <cstdio>
#include <jpeglib.h>
#include <png.h>

#include <stdexcept>
#include <string>

namespace fbtest {

void writePngFile(const std::filesystem::path& file, int width, int height, const std::vector<uint8_t>& rgb, bool grey)
{
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(width);
    image.height = static_cast<png_uint_32>(height);
    image.format = grey ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    std::vector<uint8_t> pixels = rgb;
    if (grey) {
        pixels.resize(size_t(width) * height);
        for (size_t i = 0; i < pixels.size(); ++i)
            pixels[i] = rgb[i * 3];
    }
    if (!png_image_write_to_file(&image, file.c_str(), 0, pixels.data(), 0, nullptr))
        throw std::runtime_error("cannot write " + file.string() + ": " + image.message);
}

void writeJpegFile(const std::filesystem::path& file, int width, int height, const std::vector<uint8_t>& rgb,
                   int quality)
{
    std::FILE* out = std::fopen(file.c_str(), "wb");
    if (!out)
        throw std::runtime_error("cannot create " + file.string());
    jpeg_compress_struct cinfo{};
    jpeg_error_mgr errors{};
    cinfo.err = jpeg_std_error(&errors); // a test helper: libjpeg's default error_exit is fine
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, out);
    cinfo.image_width = static_cast<JDIMENSION>(width);
    cinfo.image_height = static_cast<JDIMENSION>(height);
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<uint8_t*>(rgb.data()) + size_t(cinfo.next_scanline) * width * 3;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    std::fclose(out);
}

} // namespace fbtest
