#pragma once

// A sample's fate in the workspace's other runs: "negative flip in 3 of 5 FD runs" tells a one-off
// regression from a sample every update breaks. No LibTorch header; the GUI's detail panel words it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace flipbench {

/// Predicted classes of other runs on a comparison's test set.
struct OtherRunPredictions {
    std::vector<std::filesystem::path> paths;      ///< the runs kept, in the order given
    std::vector<std::string> names;                ///< their folder or file names
    std::vector<std::vector<int16_t>> predictions; ///< [run][sample]
    std::vector<std::string> skipped;              ///< "name: reason" for runs left out (other test set, unreadable)
};

/// Reads the predictions of `runDirs`, leaving out those equal to an entry of `exclude` (the two
/// compared sides: an ensemble's members are not excluded, each is a model of its own). A run whose
/// fingerprint differs from `fingerprint` (when both are known) or whose labels differ from
/// `labels` is skipped with the reason. Never throws.
OtherRunPredictions loadOtherRunPredictions(const std::vector<std::filesystem::path>& runDirs,
                                            const std::vector<std::filesystem::path>& exclude,
                                            const std::vector<int64_t>& labels, const std::string& fingerprint);

/// How many runs of a group got a sample wrong, out of how many.
struct SampleFate {
    int wrong = 0;
    int total = 0;
};

/// Per group (groupOf[run], e.g. the run's method), the sample's fate in `others`. Runs without a
/// group entry count under "". Empty for a sample index out of range.
std::map<std::string, SampleFate> sampleHistory(const OtherRunPredictions& others,
                                                const std::vector<std::string>& groupOf, int sample, int64_t label);

} // namespace flipbench
