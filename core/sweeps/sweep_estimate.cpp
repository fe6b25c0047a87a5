#include "flipbench/sweeps/sweep_estimate.h"

#include "flipbench/data/data_folder.h"
#include "flipbench/runs/run_summary.h"

#include <torch/cuda.h>

#include <cmath>
#include <map>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

bool onCuda(const std::string& device)
{
    if (device == "auto")
        return torch::cuda::is_available();
    return device.rfind("cuda", 0) == 0;
}

/// Seconds per training image and epoch, evaluation included, of the workspace's completed runs,
/// by model and device kind ("small_cnn/cpu").
std::map<std::string, std::pair<double, int>> measuredCosts(const fs::path& workspace)
{
    std::map<std::string, std::pair<double, int>> sums; // key -> (sum of costs, runs)
    std::vector<RunSummary> runs;
    try {
        runs = listRuns(workspace);
    } catch (const std::exception&) {
        return sums; // a workspace the sweep has yet to create: nothing measured
    }
    for (const RunSummary& run : runs) {
        if (run.status.state != RunState::Completed || !run.status.trainingSeconds || run.status.epochsDone <= 0)
            continue;
        const MetricsLog log = RunFolder::open(run.dir).readMetrics();
        if (log.epochs.empty() || !log.epochs.front().imagesPerSecond || !log.epochs.front().seconds)
            continue; // an imported model, or a run that logged no epoch
        const double images = *log.epochs.front().imagesPerSecond * *log.epochs.front().seconds;
        if (images <= 0)
            continue;
        const std::string key = run.arch + (run.status.device.rfind("cuda", 0) == 0 ? "/cuda" : "/cpu");
        auto& [sum, count] = sums[key];
        sum += *run.status.trainingSeconds / (run.status.epochsDone * images);
        ++count;
    }
    return sums;
}

/// The 2-core development VM's throughput (bench/results/train-speed-vm-20261128.md, 2 threads),
/// less about a fifth for evaluating the test and validation sets each epoch.
double benchmarkCost(const std::string& arch)
{
    if (arch == "small_cnn")
        return 1.2 / 1017.0;
    if (arch == "resnet18")
        return 1.2 / 477.0;
    if (arch == "resnet18_cifar")
        return 1.2 / 46.0;
    return NAN;
}

} // namespace

TimeEstimate estimateTrainingTime(const std::vector<RunConfig>& runs, const fs::path& workspace)
{
    TimeEstimate estimate;
    const auto measured = measuredCosts(workspace);
    std::map<std::string, int64_t> dataSizes; // data path -> training images, read once
    int measuredRuns = 0, guessedRuns = 0;
    for (const RunConfig& config : runs) {
        int64_t images = config.data.trainLimit;
        if (images == 0) {
            auto& size = dataSizes[config.data.path];
            if (size == 0) {
                try {
                    size = inspectDataFolder(config.data.path).trainImages;
                } catch (const std::exception&) {
                    size = -1; // unreadable here: loading the run will say why
                }
            }
            images = size;
        }
        images -= config.data.valSize;
        const bool cuda = onCuda(config.train.device);
        const std::string key = config.model.arch + (cuda ? "/cuda" : "/cpu");
        double cost = NAN;
        if (const auto found = measured.find(key); found != measured.end()) {
            cost = found->second.first / found->second.second;
            ++measuredRuns;
        } else if (!cuda) {
            cost = benchmarkCost(config.model.arch);
            ++guessedRuns;
        }
        if (std::isnan(cost) || images <= 0) {
            estimate.known = false;
            continue;
        }
        estimate.seconds += cost * static_cast<double>(images) * config.train.epochs;
    }
    if (!estimate.known) {
        estimate.seconds = 0;
        estimate.basis = "unknown until a run of this model has completed on this device in the workspace";
    } else if (guessedRuns == 0) {
        estimate.basis = "from the runs completed in this workspace";
    } else {
        estimate.basis = measuredRuns == 0 ? "guessed from the 2-core CPU benchmark; runs completed here refine it"
                                           : "partly guessed from the 2-core CPU benchmark";
    }
    return estimate;
}

std::string describeDuration(double seconds)
{
    if (seconds < 60)
        return "under a minute";
    const long minutes = std::lround(seconds / 60);
    if (minutes < 60)
        return "about " + std::to_string(minutes) + " min";
    return "about " + std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

} // namespace flipbench
