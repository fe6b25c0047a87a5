#pragma once

#include "flipbench/runs/metrics_log.h"
#include "flipbench/runs/run_state.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

struct RunStatus {
    RunState state = RunState::Queued;
    std::string message;                             ///< the error for failed runs, a note otherwise
    std::string created, started, finished, updated; ///< ISO 8601 UTC
    int epochsDone = 0;
    int epochs = 0;
    long long pid = 0; ///< process that runs it, while running
    std::string host;
    std::string device; ///< where it trains, e.g. "cpu (2 threads)" or "cuda:0"
    /// Time spent training, summed over its sessions (a cancel or crash, then a resume), up to the
    /// last status write: the idle time between sessions does not count. Absent in runs written
    /// before it was recorded (their duration is started to finished).
    std::optional<double> trainingSeconds;
    /// The scheduler's job that trains it, while running: "slurm 1234_3" (array job 1234, task 3)
    /// when the process runs in a SLURM job, "" otherwise; afterwards the job that trained it last.
    /// A queued run waiting in a scheduler's queue holds the scheduler's name ("slurm"): it is not
    /// this machine's to start (the desktop's queue leaves it alone).
    std::string job;

    // Read off the status, not stored:
    /// A running run's host is not this machine: its process cannot be checked from here.
    bool remote = false;
    /// A remote running run whose heartbeat (`updated`) is older than kStaleHeartbeatSeconds: its
    /// machine may be gone (a killed job, a node that went down). It still reads as Running; what
    /// to do is the user's call (resume takes it over).
    bool stale = false;
    /// Seconds since the last status write (the heartbeat), for running runs; absent otherwise.
    std::optional<double> heartbeatAgeSeconds;
};

/// A training process rewrites status.json at least this often (at every epoch end, and between
/// steps once this much time has passed since the last write): its heartbeat.
constexpr double kHeartbeatSeconds = 30;
/// A remote run without a heartbeat for this long is stale: 20 missed heartbeats, which leaves room
/// for a slow evaluation at an epoch end and for clocks of a cluster's nodes a little apart.
constexpr double kStaleHeartbeatSeconds = 600;

/// This machine's host name, as status.json records it.
std::string thisHostName();
/// The SLURM job this process runs in ("slurm 1234_3", "slurm 1234"), "" outside SLURM.
std::string currentSchedulerJob();

/// One run: a folder in a workspace. Files (all written atomically, metrics appended by line):
///   config.json  status.json  dataset.json  metrics.jsonl  checkpoint/  final.pt  best.pt
///   logits.npy  labels.npy  (the test set's)  val_logits.npy  val_labels.npy  (with a validation split)
///   sweep.json  (a run of a sweep: sweep_record.h)
class RunFolder {
public:
    /// Creates a fresh folder under `workspace` named after `name` (made unique with -2, -3, ...).
    static RunFolder create(const std::filesystem::path& workspace, const std::string& name);
    /// Opens an existing run folder; throws DataError when it holds no status.json.
    static RunFolder open(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return dir_; }
    std::string name() const { return dir_.filename().string(); }
    std::filesystem::path file(const std::string& relative) const { return dir_ / relative; }

    /// The stored status; a run recorded as running whose process is gone reads as Interrupted.
    /// That is decided only for runs of this host: a run of another host stays Running (it is
    /// `remote`, and `stale` once its heartbeat is old).
    RunStatus readStatus() const;
    void writeStatus(const RunStatus& status) const;

    nlohmann::json readJson(const std::string& relative) const;
    void writeJson(const std::string& relative, const nlohmann::json& json) const;

    /// Appends one record to metrics.jsonl (one line, flushed): see metrics_log.h.
    void appendMetrics(const StepRecord& record) const;
    void appendMetrics(const EpochRecord& record) const;
    void appendMetrics(const WarningRecord& record) const;
    /// The records of metrics.jsonl (empty when there is none); never throws on its content.
    MetricsLog readMetrics() const;
    /// Keeps only the records of epochs <= `epochsDone` (used when resuming from a checkpoint).
    void truncateMetrics(int epochsDone) const;

private:
    explicit RunFolder(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path dir_;
};

std::string nowIso8601();

/// Removes a run folder that was created but could not be completed (best effort; errors ignored).
void removeUnfinishedRun(const RunFolder& run);

} // namespace flipbench
