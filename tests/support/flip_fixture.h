#pragma once

// A hand-made pair of completed runs for comparison tests: 12 test samples whose outcomes under
// the old model A and the new model B are chosen one by one, so every count is known by hand.
// Labels follow writeSmallCifarFolder's test records: label of record k is (3k) % 10.
// Both correct: 0, 2, 7. Negative flips: 1, 3, 5, 8, 10, 11. Positive flips: 4, 9. Both wrong: 6.

#include "flipbench/data/image_set.h"

#include <QString>

#include <torch/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fbtest {

constexpr int kFlipClasses = 10;

/// One sample's intended outcome: what A and B predict, with which probability, and p(true).
struct PlannedOutcome {
    int label, predA;
    float confA, pTrueA;
    int predB;
    float confB, pTrueB;
};

/// The test set the planned samples describe: a hand-made CIFAR-10 folder under `dir` with 14
/// test images, of which runs use the first 12 (data.test_limit 12), and its fingerprint.
struct FlipFixtureTestSet {
    flipbench::SplitDataset data;
    std::string fingerprint;
};
FlipFixtureTestSet writeFlipFixtureTestSet(const std::filesystem::path& dir);

/// The 12 planned samples.
const std::vector<PlannedOutcome>& plannedOutcomes();

/// Logits whose softmax is exactly the planned probabilities: log p (the rest spread evenly).
std::vector<float> plannedLogits(int label, int pred, float conf, float pTrue);

/// 12 x 10 logits of side A (true) or B (false).
torch::Tensor plannedLogitsOf(bool sideA);

/// A third model C for tests of several runs: A with samples 0 and 2 (A correct) turned wrong and
/// sample 6 (A wrong) turned right. `labels` are the fixture's test labels.
torch::Tensor thirdModelLogits(const torch::Tensor& labels);

/// A completed run folder holding what Trainer::finish and prepareNewRun write for it
/// (dataset.json, logits.npy, labels.npy, status.json); no fingerprint when `fingerprint` is empty.
QString writeCompletedRun(const std::filesystem::path& workspace, const std::string& name, const torch::Tensor& logits,
                          const flipbench::SplitDataset& data, const torch::Tensor& labels,
                          const std::string& fingerprint);

/// A workspace of grouped runs on the fixture's 12 samples, for the group table (the old model A;
/// a baseline group {B, C}; an FD group {A, C} against A), each with a config.json that differs
/// from its group's only in the seed; the old model's config is the baseline's with seed 100.
/// Correct answers: A 0 1 2 3 5 7 8 10 11 (9), B 0 2 4 7 9 (5), C 1 3 5 6 7 8 10 11 (8).
struct SeedGroupsWorkspace {
    std::filesystem::path workspace, old;
    std::vector<std::filesystem::path> runs; ///< old, base-s1, base-s2, fd-s1, fd-s2
};
SeedGroupsWorkspace writeSeedGroupsWorkspace(const std::filesystem::path& dir);

} // namespace fbtest
