// Area-averaging resize, separable: each axis maps output pixel o to the input interval
// [o * in / out, (o + 1) * in / out) and weights every input pixel by its overlap with it.

#include "flipbench/data/image_folder/image_resize.h"

#include <algorithm>
#include <cmath>

namespace flipbench {

namespace {

struct Tap {
    int index;
    double weight;
};

/// For every output position, the input positions it averages and their weights (summing to 1).
std::vector<std::vector<Tap>> areaTaps(int inSize, int outSize)
{
    std::vector<std::vector<Tap>> taps(outSize);
    const double scale = double(inSize) / outSize;
    for (int o = 0; o < outSize; ++o) {
        const double begin = o * scale, end = (o + 1) * scale;
        for (int i = static_cast<int>(std::floor(begin)); i < inSize && i < end; ++i) {
            const double overlap = std::min<double>(end, i + 1) - std::max<double>(begin, i);
            if (overlap > 1e-12)
                taps[o].push_back({i, overlap / scale});
        }
    }
    return taps;
}

} // namespace

RgbImage resizeAreaAverage(const RgbImage& image, int width, int height)
{
    const auto columns = areaTaps(image.width, width);
    const auto rows = areaTaps(image.height, height);
    // Horizontal pass into doubles (input rows x output columns), then the vertical pass.
    std::vector<double> across(size_t(image.height) * width * 3, 0.0);
    for (int y = 0; y < image.height; ++y) {
        const uint8_t* in = image.pixels.data() + size_t(y) * image.width * 3;
        double* out = across.data() + size_t(y) * width * 3;
        for (int x = 0; x < width; ++x)
            for (const Tap& tap : columns[x])
                for (int c = 0; c < 3; ++c)
                    out[x * 3 + c] += tap.weight * in[tap.index * 3 + c];
    }
    RgbImage resized;
    resized.width = width;
    resized.height = height;
    resized.pixels.resize(size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width * 3; ++x) {
            double sum = 0;
            for (const Tap& tap : rows[y])
                sum += tap.weight * across[size_t(tap.index) * width * 3 + x];
            // The small epsilon keeps an exact .5 mean (e.g. of 10 and 11) from rounding down
            // through floating-point error: halves round up.
            resized.pixels[size_t(y) * width * 3 + x] =
                static_cast<uint8_t>(std::clamp(std::floor(sum + 0.5 + 1e-9), 0.0, 255.0));
        }
    return resized;
}

bool toCifarPlanes(const RgbImage& image, uint8_t* out)
{
    constexpr int kSide = 32, kPlane = kSide * kSide;
    const bool resize = image.width != kSide || image.height != kSide;
    const RgbImage resized = resize ? resizeAreaAverage(image, kSide, kSide) : RgbImage{};
    const RgbImage& source = resize ? resized : image;
    for (int at = 0; at < kPlane; ++at)
        for (int c = 0; c < 3; ++c)
            out[c * kPlane + at] = source.pixels[size_t(at) * 3 + c];
    return resize;
}

} // namespace flipbench
