#pragma once

// A whole comparison of two models as plain values: the flip report, every sample's outcome and
// both softmaxes. What the GUI's Compare view shows and `flipbench-cli compare` prints; no
// LibTorch header, so the GUI includes it freely and calls these on a worker thread.

#include "flipbench/compare/model_source.h"
#include "flipbench/compare/sample_outcome.h"
#include "flipbench/metrics/flip_report.h"

#include <cstdint>
#include <string>
#include <vector>

namespace flipbench {

struct ModelComparison {
    std::string nameA, nameB;            ///< ModelSource::displayName of each side
    std::string pathA, pathB;            ///< the loaded folder or file; an ensemble's member paths, comma-joined
    std::vector<std::string> classNames; ///< numClasses entries (numbers when neither side names its classes)
    int numClasses = 0;
    std::vector<SampleOutcome> samples;
    std::vector<float> probsA, probsB; ///< N x C row-major softmax; empty unless hasProbabilities
    FlipReport report;                 ///< compareLogits or comparePredictions, unchanged
    std::string fingerprint;           ///< the test set's fingerprint; empty when neither side has one
    std::string note;                  ///< requireSameTestSet's note (test sets matched by labels), or empty
    std::string imageSourceDir;        ///< the data folder the runs were evaluated on; empty when unknown
    int64_t testLimit = 0;             ///< the first testLimit test images were used (0 = all)
    bool hasProbabilities = false;     ///< both sides have logits
};

/// Loads both sides (loadModel), refuses different test sets (requireSameTestSet) and compares
/// them. The image source is A's data folder (dataset.json, or config.json for older runs), B's
/// when A records none. Throws UserError naming the side and file that cannot be used.
ModelComparison compareModelSources(const ModelSource& a, const ModelSource& b);

/// The same comparison from logits in memory (N x C row-major each), for tests and benchmarks.
/// Throws UserError when the sizes do not match `labels` and `numClasses`.
ModelComparison comparisonFromLogits(const std::vector<float>& logitsA, const std::vector<float>& logitsB,
                                     const std::vector<int64_t>& labels, int numClasses,
                                     const std::vector<std::string>& classNames = {});

} // namespace flipbench
