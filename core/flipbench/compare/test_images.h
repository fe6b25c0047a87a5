#pragma once

// The pictures of a comparison's test samples as plain interleaved RGB bytes, read back from the
// data folder the runs used (a CIFAR-10 binary folder, or an image folder through its cache). The
// GUI only wraps the bytes in QImages; no LibTorch header here.

#include <cstdint>
#include <filesystem>
#include <vector>

namespace flipbench {

struct TestImagePixels {
    static constexpr int kWidth = 32, kHeight = 32, kChannels = 3;
    static constexpr int64_t kImageBytes = int64_t{kWidth} * kHeight * kChannels;

    std::vector<uint8_t> rgb;    ///< count() images of kHeight rows of kWidth R, G, B bytes
    std::vector<int64_t> labels; ///< one per image, as stored in the data folder

    int64_t count() const { return static_cast<int64_t>(labels.size()); }
    const uint8_t* image(int64_t i) const { return rgb.data() + i * kImageBytes; }
};

/// The first `limit` test images (0 = all) of `dataDir` (readDataFolderTestImages). Throws the
/// reader's DataError, whose message names the file and the problem.
TestImagePixels readTestImagePixels(const std::filesystem::path& dataDir, int64_t limit);

/// True when the images are exactly the compared test set: same count and labels in the same order.
bool sameLabels(const TestImagePixels& images, const std::vector<int64_t>& labels);

} // namespace flipbench
