// JPEG through libjpeg-turbo with its default settings (islow IDCT, fancy upsampling), which is
// what Pillow uses: the same file gives the same pixels here and in a PyTorch pipeline. libjpeg
// reports errors by calling error_exit, which must not return; it longjmps back to readJpeg, whose
// frame owns no C++ object.

#include "flipbench/data/image_folder/image_decode.h"

#include <cstdio> // jpeglib.h needs FILE declared first
#include <jpeglib.h>
#include <jerror.h>

#include <csetjmp>

namespace flipbench {

namespace {

struct JpegErrors {
    jpeg_error_mgr manager; // first member: libjpeg hands back a pointer to it
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX + 64] = {};
};

[[noreturn]] void onJpegError(j_common_ptr cinfo)
{
    auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    std::snprintf(errors->message, sizeof errors->message, "damaged JPEG: %s", text);
    std::longjmp(errors->jump, 1);
}

void onJpegMessage(j_common_ptr cinfo, int level)
{
    // A file that ends early is padded with grey by libjpeg and reported only as a warning; an
    // image that is partly grey is damaged data, so it is an error here (Pillow refuses it too).
    if (level == -1 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
        auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
        std::snprintf(errors->message, sizeof errors->message,
                      "truncated JPEG data (the file ends before the image does)");
        std::longjmp(errors->jump, 1);
    }
}

bool readJpeg(jpeg_decompress_struct& cinfo, JpegErrors& errors, const std::string& bytes, RgbImage& image)
{
    if (setjmp(errors.jump))
        return false;
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        std::snprintf(errors.message, sizeof errors.message, "a CMYK JPEG; only RGB and greyscale JPEGs are read");
        return false;
    }
    if (int64_t(cinfo.image_width) * int64_t(cinfo.image_height) > kMaxDecodedPixels) {
        std::snprintf(errors.message, sizeof errors.message, "image too large to import (%ux%u)", cinfo.image_width,
                      cinfo.image_height);
        return false;
    }
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    image.width = static_cast<int>(cinfo.output_width);
    image.height = static_cast<int>(cinfo.output_height);
    image.pixels.resize(size_t(image.width) * image.height * 3);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = image.pixels.data() + size_t(cinfo.output_scanline) * image.width * 3;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    return true;
}

} // namespace

RgbImage decodeJpeg(const std::string& bytes)
{
    jpeg_decompress_struct cinfo{};
    JpegErrors errors;
    cinfo.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = onJpegError;
    errors.manager.emit_message = onJpegMessage;
    RgbImage image;
    const bool ok = readJpeg(cinfo, errors, bytes, image);
    jpeg_destroy_decompress(&cinfo);
    if (!ok)
        throw ImageDecodeError(errors.message);
    return image;
}

} // namespace flipbench
