#pragma once

// The scheduler's view of a sweep's jobs: what squeue (and sacct, where the cluster keeps
// accounting) say about each array task. The parsing is separate from the commands so that it can
// be checked on text squeue really prints.

#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// One line of squeue: a running task ("1234_3"), a pending range of tasks ("1234_[0-3%2]") or a
/// job that is not an array ("1234").
struct SlurmQueueEntry {
    std::string job;        ///< the array's job id: "1234"
    std::vector<int> tasks; ///< the array task ids the line covers; empty for a job that is not an array
    std::string state;      ///< PENDING, RUNNING, COMPLETING, ...
    std::string reason;     ///< why it waits: Dependency, Resources, DependencyNeverSatisfied, None
    std::string name;       ///< the job's name: flipbench-<sweep>-<stage> for a sweep's array
};

/// Lines of `squeue --noheader --format=%i|%T|%r|%j`; lines that do not read are left out.
std::vector<SlurmQueueEntry> parseSqueue(const std::string& text);

/// An array's task ids: "0-3,7,9-11:2%4" -> 0 1 2 3 7 9 11 (a step after ':', the limit after '%'
/// ignored). Empty for text that does not read.
std::vector<int> parseArrayTasks(const std::string& text);

/// One line of `sacct --noheader --parsable2 --allocations --format=JobID,State,ExitCode`.
struct SlurmAccountingEntry {
    std::string job;         ///< "1234"
    std::optional<int> task; ///< 3 for "1234_3"; absent for a pending range or a plain job
    std::string state;       ///< COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, ...
    std::string exitCode;    ///< "1:0": exit status and signal
};
std::vector<SlurmAccountingEntry> parseSacct(const std::string& text);

/// What the scheduler says, as far as it can be asked from this machine.
struct SlurmQueueView {
    bool queueAvailable = false; ///< squeue ran
    std::string queueError;      ///< why not, in squeue's words
    std::vector<SlurmQueueEntry> queue;
    bool accountingAvailable = false; ///< sacct ran (clusters without accounting storage have none)
    std::vector<SlurmAccountingEntry> accounting;

    /// The queue line that covers task `task` of job `job`, if any.
    const SlurmQueueEntry* queued(const std::string& job, int task) const;
    /// The queue line of task `task` of a job named `name`, whatever its id: a task run again
    /// alone (sbatch --array=I) is a new job of the same name.
    const SlurmQueueEntry* queuedByName(const std::string& name, int task) const;
    /// The accounting line of task `task` of job `job`, if any.
    const SlurmAccountingEntry* accounted(const std::string& job, int task) const;
};

/// Runs squeue for this user's jobs and sacct for `jobs`. Never throws: a machine without SLURM
/// gives a view with queueAvailable false and the reason. FLIPBENCH_SQUEUE names another squeue.
SlurmQueueView querySlurm(const std::vector<std::string>& jobs);

/// For a run's recorded job ("slurm 1234_3"): true while the scheduler has that job queued or
/// running, false once it no longer has it (so its process has ended even if its node cannot be
/// asked); nothing when it is not a SLURM job or the scheduler cannot be asked.
std::optional<bool> slurmJobActive(const std::string& recordedJob);

} // namespace flipbench
