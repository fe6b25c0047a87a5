// The PNG/JPEG decoding path of image-folder import (libpng, libjpeg-turbo behind decodeImage).
// ImageDecodeError is the expected answer to a bad image; a picture over kMaxDecodedPixels must be
// refused before its pixels are allocated (libFuzzer's -malloc_limit_mb catches one that is not).
#include "flipbench/data/image_folder/image_decode.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        const auto image = flipbench::decodeImage(bytes);
        if (image.width <= 0 || image.height <= 0 ||
            image.pixels.size() != size_t(image.width) * size_t(image.height) * 3) {
            std::fprintf(stderr, "fuzz: decodeImage returned %dx%d with %zu bytes\n", image.width, image.height,
                         image.pixels.size());
            std::abort();
        }
    } catch (const flipbench::ImageDecodeError&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz: an exception that is not an ImageDecodeError escaped: %s\n", e.what());
        std::abort();
    }
    return 0;
}
