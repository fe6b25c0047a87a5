#pragma once

// The text of the scripts that run a sweep on a SLURM cluster with the scheduler's own job arrays:
// one array job per stage (a stage's runs are trained against runs of earlier stages only), and a
// submit script that chains the stages with afterok dependencies. Pure text, so it can be checked
// by hand; writing the files and creating the runs is slurm_submission.h's.

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// What the user asks of the scheduler, as `sweep --slurm` takes it.
struct SlurmOptions {
    std::string partition;               ///< --partition; "" for the cluster's default
    int gpusPerTask = 0;                 ///< --gpus-per-task; 0 asks for none
    std::string time;                    ///< --time as sbatch takes it (HH:MM:SS, D-HH:MM, ...); "" for the default
    int maxParallel = 0;                 ///< the array's %K: at most K tasks at once; 0 for no limit
    std::vector<std::string> sbatchArgs; ///< further sbatch options, one #SBATCH line each
    /// The scripts are submitted from this machine now; false for --no-submit, where the queue
    /// need not be reachable from here.
    bool submitting = true;
};

/// Refuses options sbatch would refuse, before anything is written: a time that is not one of
/// sbatch's formats, a partition name with characters no partition has, a negative count, an extra
/// argument that is not an option or that sets what the scripts set themselves (--array, --output).
void checkSlurmOptions(const SlurmOptions& options);

/// One array job: task i trains runs[i].
struct SlurmStage {
    int index = 0;
    std::vector<std::string> runs; ///< run folder names in the workspace
};

/// Where the files of one sweep's submission live.
struct SlurmLayout {
    std::filesystem::path workspace; ///< absolute: tasks run on other machines, in other folders
    std::filesystem::path dir;       ///< <workspace>/slurm/<sweep>
    std::filesystem::path cli;       ///< the flipbench-cli the tasks run (absolute, on the shared file system)
    std::string sweep;

    std::filesystem::path stageScript(int stage) const;
    std::filesystem::path logDir() const { return dir / "logs"; }
    /// A task's error file as SLURM names it (%a replaced by the task id).
    std::filesystem::path errorFile(int stage, int task) const;
    std::filesystem::path outputFile(int stage, int task) const;
    std::filesystem::path submitScript() const { return dir / "submit.sh"; }
    /// Lines "stage <k> job <id>", one per submitted stage, appended by submit.sh.
    std::filesystem::path jobsFile() const { return dir / "jobs"; }
};

/// The array job script of a stage: #SBATCH lines (job name, --array=0-(n-1)[%K], per-task output
/// and error files, --requeue, the options), then the run of task $SLURM_ARRAY_TASK_ID trained by
/// `flipbench-cli train --run`, which resumes it from its checkpoint when the task runs again.
std::string slurmStageScript(const SlurmLayout& layout, const SlurmStage& stage, const SlurmOptions& options);

/// The bash script that submits the stages in order with `sbatch --parsable`, each after the
/// previous one has succeeded (--dependency=afterok), and records their job ids in the jobs file.
std::string slurmSubmitScript(const SlurmLayout& layout, const std::vector<SlurmStage>& stages);

/// `text` quoted for bash: 'it'\''s'.
std::string shellQuoted(const std::string& text);

} // namespace flipbench
