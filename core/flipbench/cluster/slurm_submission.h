#pragma once

// `sweep --slurm`: a sweep turned into SLURM array jobs inside its workspace. The runs that need
// training get their folders now (queued, with their final names and configs), so that every task
// only starts its run and the desktop workbench lists the whole sweep at once; the scripts go to
// <workspace>/slurm/<sweep>/.

#include "flipbench/cluster/slurm_script.h"
#include "flipbench/sweeps/sweep_plan.h"
#include "flipbench/sweeps/sweep_runner.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

struct SlurmSubmission {
    SlurmLayout layout;
    std::vector<SlurmStage> stages;   ///< the array jobs, in submission order; empty when nothing is left to train
    int completedBefore = 0;          ///< runs of the sweep that completed earlier, left out
    std::vector<std::string> skipped; ///< "<run>: why", runs left out for another reason
};

/// Surveys the sweep, refuses (before writing anything) what cannot work on a cluster — options
/// sbatch would refuse, a workspace path with spaces or '%' (sbatch's file patterns), jobs of an
/// earlier submission of this sweep still in the queue — then creates the queued run folders,
/// records the sweep, and writes the stage scripts, submit.sh and tasks.json. Runs whose reference
/// runs are in an earlier stage of this submission come in a later stage; a run whose reference is
/// neither complete nor submitted now is left out and named in `skipped`.
SlurmSubmission prepareSlurmSubmission(const SweepPlan& plan, const std::filesystem::path& workspace,
                                       const std::filesystem::path& cli, const SlurmOptions& options,
                                       const SweepOptions& sweepOptions);

/// Where each submitted run went: the stages of the latest submission of `sweep`, as tasks.json
/// records them. Empty when the sweep was never submitted to SLURM.
std::vector<SlurmStage> readSlurmStages(const SlurmLayout& layout);

/// The job id of each stage of the latest submission (the last "stage <k> job <id>" line of each
/// stage in the jobs file), by stage index; "" for a stage not submitted (yet).
std::vector<std::string> readSlurmJobs(const SlurmLayout& layout, size_t stageCount);

/// The layout of sweep `sweep` in `workspace`, tasks run with `cli`.
SlurmLayout slurmLayoutOf(const std::filesystem::path& workspace, const std::string& sweep,
                          const std::filesystem::path& cli = {});

} // namespace flipbench
