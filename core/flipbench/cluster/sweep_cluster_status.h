#pragma once

// `sweep-status`: each run of a sweep submitted to SLURM, from its run folder (what the training
// wrote, on the shared file system) joined with what the scheduler says of its array task.

#include "flipbench/cluster/slurm_queue.h"
#include "flipbench/cluster/slurm_submission.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

struct ClusterRunStatus {
    std::string run;
    int stage = 0;
    int task = 0;
    std::string
        job; ///< the array job of its task: the stage's, or the one that runs the task again; "" before submitting
    /// What to tell the user, one word: queued, starting, running, stale, done, failed, stopped,
    /// not submitted.
    std::string state;
    std::string folderState; ///< status.json's state ("queued", "running", ...); "missing" without a folder
    int epochsDone = 0;
    int epochs = 0;
    std::string host;                          ///< where it trains or trained
    std::optional<double> heartbeatAgeSeconds; ///< for running runs
    std::string scheduler; ///< the scheduler's word for its task: "PENDING (Dependency)", "RUNNING", "FAILED 1:0"; ""
                           ///< when it says nothing
    std::string detail;    ///< the run's message, or why it waits
    std::filesystem::path errorFile; ///< the task's error file, for failed and stopped runs
    std::string errorLine;           ///< its last non-empty line
    std::string resubmit;            ///< the command that runs this task again, for failed and stopped runs
};

/// The runs of the latest SLURM submission of `sweep`, in stage and task order. Throws UserError
/// when the sweep was never submitted to SLURM in `workspace`.
std::vector<ClusterRunStatus> sweepClusterStatus(const std::filesystem::path& workspace, const std::string& sweep,
                                                 const SlurmQueueView& view);

/// The names of the sweeps of `workspace` submitted to SLURM.
std::vector<std::string> slurmSweeps(const std::filesystem::path& workspace);

/// The job ids of a sweep's latest submission, for querySlurm.
std::vector<std::string> slurmJobsOf(const std::filesystem::path& workspace, const std::string& sweep);

} // namespace flipbench
