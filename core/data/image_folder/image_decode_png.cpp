// PNG through libpng's classic API, reading from memory. libpng reports errors by longjmp; the
// jump lands in readPngRows, whose frame owns no C++ object, and becomes an ImageDecodeError there.

#include "flipbench/data/image_folder/image_decode.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>

namespace flipbench {

namespace {

struct PngInput {
    const std::string* bytes = nullptr;
    size_t offset = 0;
    char error[200] = {};
};

void readFromMemory(png_structp png, png_bytep out, png_size_t count)
{
    auto* input = static_cast<PngInput*>(png_get_io_ptr(png));
    if (input->offset + count > input->bytes->size())
        png_error(png, "truncated PNG data (the file ends before the image does)");
    std::memcpy(out, input->bytes->data() + input->offset, count);
    input->offset += count;
}

void onPngError(png_structp png, png_const_charp message)
{
    auto* input = static_cast<PngInput*>(png_get_error_ptr(png));
    std::snprintf(input->error, sizeof input->error, "damaged PNG: %s", message);
    png_longjmp(png, 1);
}

void onPngWarning(png_structp, png_const_charp) {} // ancillary-chunk trouble; the pixels are fine

/// Reads the whole image into `image` (sized here) or returns false with input.error set.
bool readPngRows(png_structp png, png_infop info, PngInput& input, RgbImage& image, std::vector<png_bytep>& rows)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_read_fn(png, &input, readFromMemory);
    png_read_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    if (int64_t(width) * int64_t(height) > kMaxDecodedPixels) {
        std::snprintf(input.error, sizeof input.error, "image too large to import (%ux%u)", unsigned(width),
                      unsigned(height));
        return false;
    }
    const int colorType = png_get_color_type(png, info);
    const int bitDepth = png_get_bit_depth(png, info);
    // Pillow's convert("RGB"): palette expanded, transparency ignored, grey replicated,
    // 16-bit samples cut to their high byte, alpha dropped.
    if (colorType == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (colorType == PNG_COLOR_TYPE_GRAY && bitDepth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (bitDepth == 16)
        png_set_strip_16(png);
    if (colorType & PNG_COLOR_MASK_ALPHA)
        png_set_strip_alpha(png);
    if (colorType == PNG_COLOR_TYPE_GRAY || colorType == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != size_t(width) * 3)
        png_error(png, "unsupported PNG pixel format");
    image.width = static_cast<int>(width);
    image.height = static_cast<int>(height);
    image.pixels.resize(size_t(width) * height * 3);
    rows.resize(height);
    for (png_uint_32 y = 0; y < height; ++y)
        rows[y] = image.pixels.data() + size_t(y) * width * 3;
    png_read_image(png, rows.data());
    png_read_end(png, nullptr);
    return true;
}

} // namespace

RgbImage decodePng(const std::string& bytes)
{
    PngInput input;
    input.bytes = &bytes;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &input, onPngError, onPngWarning);
    if (!png)
        throw ImageDecodeError("out of memory while opening a PNG");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        throw ImageDecodeError("out of memory while opening a PNG");
    }
    RgbImage image;
    std::vector<png_bytep> rows;
    const bool ok = readPngRows(png, info, input, image, rows);
    png_destroy_read_struct(&png, &info, nullptr);
    if (!ok)
        throw ImageDecodeError(input.error);
    return image;
}

} // namespace flipbench
