#pragma once

#include <cstdint>
#include <filesystem>

namespace flipbench {

/// A procedurally generated 10-class, 32x32 RGB data set in the CIFAR-10 binary layout, so that
/// tests and a first run need no download. Classes are shapes (disc, square, triangle, ...) drawn
/// with random colours, sizes and positions over noisy gradient backgrounds, half of them beside a
/// second shape of another class: a small CNN learns it in a few epochs (about 80-85% with the
/// cpu-quick plan), and two seeds disagree on a real share of the test images (NFR 4-5%).
struct DemoDataOptions {
    uint64_t seed = 2024;
    /// Split over the five data_batch files; 12,000 = the cpu-quick plan's 10,000 training images
    /// plus its 2,000 held out for validation.
    int64_t trainSize = 12000;
    /// As many as CIFAR-10's test set: the plan's NFR differences of about a point are beyond the
    /// sampling noise of 10,000 images (about 0.5 points), not of 2,000 (about 1.1).
    int64_t testSize = 10000;
    /// Share of training images given a wrong label (test labels are exact). Off by default: it
    /// makes retrained models differ more, but on the demo's short schedule it also makes every
    /// distilled run copy the old model's memorised mistakes.
    double trainLabelNoise = 0;
    /// Share of images (training and test) that show two equally salient shapes, the label naming
    /// either: where retrained models disagree (see drawSample in demo_data.cpp).
    double ambiguousShare = 0.25;
};

/// Writes DIR/cifar-10-batches-bin/ and returns that folder. Deterministic for a given seed.
std::filesystem::path writeDemoDataset(const std::filesystem::path& dir, const DemoDataOptions& options = {});

} // namespace flipbench
