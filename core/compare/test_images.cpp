#include "flipbench/compare/test_images.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/data/data_folder.h"

#include <torch/torch.h>

#include <algorithm>

namespace flipbench {

TestImagePixels readTestImagePixels(const std::filesystem::path& dataDir, int64_t limit)
{
    // Labels up to 255 are accepted; the caller checks them against the comparison's own labels.
    const ImageSet set = readDataFolderTestImages(dataDir, limit);
    const auto pixels = set.images.contiguous();
    const auto labels = set.labels.to(torch::kInt64).contiguous();
    const uint8_t* p = pixels.data_ptr<uint8_t>();
    const int64_t n = set.size();
    TestImagePixels out;
    out.labels.assign(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + n);
    out.rgb.resize(static_cast<size_t>(n * TestImagePixels::kImageBytes));
    constexpr int plane = TestImagePixels::kWidth * TestImagePixels::kHeight;
    for (int64_t i = 0; i < n; ++i) {
        // CIFAR stores R, G and B planes; images are shown as interleaved RGB rows.
        const uint8_t* rec = p + i * kCifarImageBytes;
        uint8_t* dst = out.rgb.data() + i * TestImagePixels::kImageBytes;
        for (int at = 0; at < plane; ++at) {
            dst[3 * at + 0] = rec[at];
            dst[3 * at + 1] = rec[plane + at];
            dst[3 * at + 2] = rec[2 * plane + at];
        }
    }
    return out;
}

bool sameLabels(const TestImagePixels& images, const std::vector<int64_t>& labels)
{
    return images.labels == labels;
}

} // namespace flipbench
