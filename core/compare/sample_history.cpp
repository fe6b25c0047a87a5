#include "flipbench/compare/sample_history.h"

#include "flipbench/runs/run_predictions.h"

#include <torch/torch.h>

#include <algorithm>
#include <exception>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

bool sameLabels(const torch::Tensor& labels, const std::vector<int64_t>& expected)
{
    if (labels.numel() != static_cast<int64_t>(expected.size()))
        return false;
    const auto y = labels.to(torch::kInt64).contiguous();
    return std::equal(expected.begin(), expected.end(), y.data_ptr<int64_t>());
}

} // namespace

OtherRunPredictions loadOtherRunPredictions(const std::vector<fs::path>& runDirs, const std::vector<fs::path>& exclude,
                                            const std::vector<int64_t>& labels, const std::string& fingerprint)
{
    OtherRunPredictions others;
    for (const fs::path& dir : runDirs) {
        // The compared sides themselves are what is being compared; ensemble members are other models.
        if (std::find(exclude.begin(), exclude.end(), dir) != exclude.end())
            continue;
        const std::string name = (dir.has_filename() ? dir : dir.parent_path()).filename().string();
        try {
            const RunPredictions p = loadPredictions(dir);
            const bool otherFingerprint =
                !fingerprint.empty() && !p.fingerprint.empty() && p.fingerprint != fingerprint;
            if (otherFingerprint || !sameLabels(p.labels, labels)) {
                others.skipped.push_back(name + ": another test set");
                continue;
            }
            const auto predicted = p.predictions.to(torch::kInt64).contiguous();
            const int64_t* q = predicted.data_ptr<int64_t>();
            std::vector<int16_t> row(labels.size());
            for (size_t i = 0; i < row.size(); ++i)
                row[i] = static_cast<int16_t>(q[i]);
            others.paths.push_back(dir);
            others.names.push_back(name);
            others.predictions.push_back(std::move(row));
        } catch (const std::exception& e) {
            others.skipped.push_back(name + ": " + e.what());
        }
    }
    return others;
}

std::map<std::string, SampleFate> sampleHistory(const OtherRunPredictions& others,
                                                const std::vector<std::string>& groupOf, int sample, int64_t label)
{
    std::map<std::string, SampleFate> fates;
    for (size_t r = 0; r < others.predictions.size(); ++r) {
        const auto& row = others.predictions[r];
        if (sample < 0 || sample >= static_cast<int>(row.size()))
            return {};
        SampleFate& fate = fates[r < groupOf.size() ? groupOf[r] : std::string()];
        fate.wrong += row[static_cast<size_t>(sample)] != label ? 1 : 0;
        ++fate.total;
    }
    return fates;
}

} // namespace flipbench
