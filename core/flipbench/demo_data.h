#pragma once

#include <cstdint>
#include <filesystem>

namespace flipbench {

/// A procedurally generated 10-class, 32x32 RGB data set in the CIFAR-10 binary layout, so that
/// tests and a first run need no download. Classes are shapes (disc, square, triangle, ...) drawn
/// with random colours, sizes and positions over textured, noisy backgrounds: easy enough that a
/// small CNN learns it in a few epochs, hard enough that two seeds disagree on some samples.
struct DemoDataOptions {
    uint64_t seed = 2024;
    int64_t trainSize = 10000; ///< split over the five data_batch files
    int64_t testSize = 2000;
};

/// Writes DIR/cifar-10-batches-bin/ and returns that folder. Deterministic for a given seed.
std::filesystem::path writeDemoDataset(const std::filesystem::path& dir, const DemoDataOptions& options = {});

} // namespace flipbench
