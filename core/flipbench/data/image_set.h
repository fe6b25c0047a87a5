#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace flipbench {

/// Images and labels held in memory in the CIFAR-10 binary layout.
struct ImageSet {
    torch::Tensor images; ///< uint8, N x 3 x 32 x 32 (R, G, B planes), on the CPU
    torch::Tensor labels; ///< int64, N

    int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
    /// The first `count` samples (all when count is 0 or larger than the set).
    ImageSet first(int64_t count) const;
    /// Samples [begin, end).
    ImageSet slice(int64_t begin, int64_t end) const;
};

/// A data set split the way a run uses it.
struct SplitDataset {
    ImageSet train;
    ImageSet val; ///< held out from the end of the training files; empty unless requested
    ImageSet test;
    std::vector<std::string> classNames;
    std::string sourceDir; ///< the cifar-10-batches-bin folder it was read from

    int64_t numClasses() const { return static_cast<int64_t>(classNames.size()); }
};

} // namespace flipbench
