#include "flipbench/runs/run_session.h"

#include "flipbench/cluster/slurm_queue.h"
#include "flipbench/models/classifier.h"
#include "flipbench/data/data_folder.h"
#include "flipbench/training/device.h"
#include "flipbench/util/errors.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/runs/dataset_record.h"
#include "flipbench/methods/reference_models.h"
#include "flipbench/util/version.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

DatasetRecord datasetRecord(const SplitDataset& data)
{
    DatasetRecord record;
    record.fingerprint = datasetFingerprint(data.test);
    record.classNames = data.classNames;
    record.source = data.sourceDir;
    record.trainSize = data.train.size();
    record.valSize = data.val.size();
    record.testSize = data.test.size();
    if (dataFolderKind(data.sourceDir) == DataFolderKind::ImageFolder) {
        // Which images the run saw is in the cache's file lists; the skipped ones are named here.
        const ImageFolderImport import = importImageFolder(data.sourceDir); // the cache is current: no decoding
        record.layout = "image-folder";
        record.imageCache = import.cacheDir.string();
        record.skippedFiles = import.skippedCount();
    }
    return record;
}

/// Checks every reference run and stores it as an absolute path, so the run folder stays valid
/// wherever it is resumed from.
void resolveReferences(RunConfig& config, const fs::path& workspace, const std::string& testFingerprint)
{
    for (auto& reference : config.method.reference) {
        const ReferenceRun run = resolveReferenceRun(reference, workspace, testFingerprint, "method.reference");
        if (config.method.initFromReference && run.arch != config.model.arch)
            throw ConfigError("method.init_from_reference: the reference " + run.name + " is a " + run.arch +
                              ", this run trains a " + config.model.arch +
                              "; weights only carry over to the same model");
        reference = run.dir.string();
    }
}

} // namespace

SplitDataset loadRunData(const RunConfig& config)
{
    CifarLoadOptions options;
    options.trainLimit = config.data.trainLimit;
    options.testLimit = config.data.testLimit;
    options.valSize = config.data.valSize;
    return loadDataFolder(config.data.path, options);
}

PreparedRun prepareNewRun(const RunConfig& requested, const fs::path& workspace)
{
    // A config built in code (GUI, presets) gets the same checks and messages as one read from JSON.
    RunConfig config = parseRunConfig(toJson(requested));
    resolveDevice(config.train.device); // fails early, before anything is written
    SplitDataset data = loadRunData(config);
    config.data.path = data.sourceDir; // stored absolute, so resume works from any directory
    resolveReferences(config, workspace, datasetFingerprint(data.test));

    nlohmann::json configJson = toJson(config);
    configJson["versions"] = {{"flipbench", flipbenchVersion()}, {"libtorch", libtorchVersion()}};
    RunFolder folder = RunFolder::create(workspace, config.name);
    try {
        folder.writeJson("config.json", configJson);
        writeDatasetRecord(folder.file("dataset.json"), datasetRecord(data));
    } catch (...) {
        removeUnfinishedRun(folder); // a folder without its config would list as a broken run forever
        throw;
    }
    return PreparedRun{folder, config, std::move(data)};
}

RunFolder createQueuedRun(const RunConfig& requested, const fs::path& workspace)
{
    RunConfig config = parseRunConfig(toJson(requested)); // the checks prepareNewRun makes, minus the data
    if (!config.data.path.empty())
        config.data.path = fs::absolute(config.data.path).lexically_normal().string();
    RunFolder folder = RunFolder::create(workspace, config.name);
    try {
        writeQueuedConfig(folder, config);
    } catch (...) {
        removeUnfinishedRun(folder);
        throw;
    }
    return folder;
}

void writeQueuedConfig(const RunFolder& folder, const RunConfig& config)
{
    folder.writeJson("config.json", toJson(config));
}

bool isUnstartedRun(const fs::path& runDir)
{
    try {
        const RunFolder folder = RunFolder::open(runDir);
        return folder.readStatus().state == RunState::Queued && fs::is_regular_file(folder.file("config.json")) &&
               !fs::exists(folder.file("dataset.json"));
    } catch (const std::exception&) {
        return false;
    }
}

void discardUnstartedRun(const fs::path& runDir)
{
    if (isUnstartedRun(runDir))
        removeUnfinishedRun(RunFolder::open(runDir));
}

namespace {

struct ResumableRun {
    RunFolder folder;
    RunStatus status;
    RunConfig config;
};

/// The run's config, or a UserError naming the file and what is wrong with it.
RunConfig readStoredConfig(const RunFolder& folder)
{
    try {
        return parseRunConfig(folder.readJson("config.json"));
    } catch (const ConfigError& e) {
        throw UserError(folder.file("config.json").string() + " is not a valid run config: " + e.what());
    }
}

/// A process killed while writing leaves its temporary (FILE.tmp-HOST-PID, util/atomic_file) behind.
/// Resume removes those of this host whose process is gone; another host's are left alone, since
/// whether its writer lives cannot be told from here.
void removeStaleTemporaries(const fs::path& runDir)
{
    const std::string marker = ".tmp-" + thisHostName() + "-";
    std::error_code ec;
    std::vector<fs::path> stale;
    for (auto it = fs::recursive_directory_iterator(runDir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto at = name.rfind(marker);
        if (at == std::string::npos || !it->is_regular_file(ec))
            continue;
        const std::string pidText = name.substr(at + marker.size());
        if (pidText.empty() || pidText.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const long long pid = std::stoll(pidText);
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            stale.push_back(it->path());
    }
    for (const auto& path : stale)
        fs::remove(path, ec);
}

ResumableRun openForResume(const fs::path& runDir)
{
    RunFolder folder = RunFolder::open(runDir);
    RunStatus status;
    try {
        status = folder.readStatus();
    } catch (const UserError& e) {
        throw UserError(std::string(e.what()) + ". Without its status run " + folder.name() +
                        " cannot be resumed; restore status.json or delete the run.");
    }
    // A run recorded as running here is running (readStatus turned it Interrupted if its process
    // were gone). One of another host is taken over only when its process is gone or presumed gone:
    // the scheduler says its job has ended (a task killed on a node that cannot be asked, then run
    // again); the scheduler runs this very job again (SLURM runs one instance of a job at a time, so a
    // requeued task's earlier instance has ended); or its heartbeat is stale and the scheduler, when
    // it can be asked, does not say the job still runs.
    bool takeOver = false;
    if (status.state == RunState::Running && status.remote) {
        const std::optional<bool> jobActive = slurmJobActive(status.job);
        const bool ownJobAgain = !status.job.empty() && status.job == currentSchedulerJob();
        takeOver = ownJobAgain || jobActive == false || (status.stale && jobActive != true);
    }
    if (status.state == RunState::Running && !takeOver)
        throw UserError("Run " + folder.name() + " is being trained right now by process " +
                        std::to_string(status.pid) + (status.host.empty() ? "" : " on " + status.host) +
                        (status.job.empty() ? "" : " (" + status.job + ")") + "; cancel it there first");
    if (status.state == RunState::Completed) {
        // A completed run is only "done" when it can still be read; one with a damaged config
        // lists as failed, and telling its user it completed would contradict the run table.
        RunConfig config;
        try {
            config = readStoredConfig(folder);
        } catch (const UserError& e) {
            throw UserError("Run " + folder.name() + " is recorded as completed, but it cannot be read: " + e.what() +
                            ". Resuming cannot repair it; restore config.json, or delete the run.");
        }
        throw UserError("Run " + folder.name() + " has already completed all " +
                        std::to_string(std::max(status.epochs, config.train.epochs)) +
                        " epochs; there is nothing to resume. To train it again, start a new run from its "
                        "config.json (Duplicate as New Run in the window).");
    }
    RunConfig config = readStoredConfig(folder);
    removeStaleTemporaries(folder.dir());
    return ResumableRun{folder, status, std::move(config)};
}

/// The first start of a run that waited in a queue: what prepareNewRun does once it has a folder.
PreparedRun startUnstartedRun(ResumableRun& run)
{
    RunFolder& folder = run.folder;
    RunConfig& config = run.config;
    try {
        resolveDevice(config.train.device);
        SplitDataset data = loadRunData(config);
        config.data.path = data.sourceDir;
        resolveReferences(config, folder.dir().parent_path(), datasetFingerprint(data.test));
        nlohmann::json configJson = toJson(config);
        configJson["versions"] = {{"flipbench", flipbenchVersion()}, {"libtorch", libtorchVersion()}};
        folder.writeJson("config.json", configJson);
        writeDatasetRecord(folder.file("dataset.json"), datasetRecord(data));
        return PreparedRun{folder, config, std::move(data)};
    } catch (const std::exception& e) {
        // Its folder exists (it was queued): record why it could not start, on the run itself.
        RunStatus failed = run.status;
        failed.state = RunState::Failed;
        failed.message = std::string(e.what()) + " (The run had not started; fix this and resume it.)";
        failed.finished = nowIso8601();
        try {
            folder.writeStatus(failed);
        } catch (const std::exception&) {
            // the error above is the one to report
        }
        throw;
    }
}

} // namespace

void checkResumable(const fs::path& runDir)
{
    openForResume(runDir);
}

PreparedRun prepareResume(const fs::path& runDir)
{
    ResumableRun run = openForResume(runDir);
    if (!fs::exists(run.folder.file("dataset.json")))
        return startUnstartedRun(run);
    RunFolder& folder = run.folder;
    RunConfig& config = run.config;
    resolveDevice(config.train.device);
    SplitDataset data = loadRunData(config);
    const std::string stored = readDatasetRecord(folder.file("dataset.json")).fingerprint;
    const std::string current = datasetFingerprint(data.test);
    if (stored != current)
        throw UserError("The test set in " + config.data.path + " changed since run " + folder.name() +
                        " started (fingerprint " + current + ", the run recorded " + stored +
                        "); resuming would mix data sets. Start a new run instead.");
    return PreparedRun{folder, config, std::move(data)};
}

} // namespace flipbench
