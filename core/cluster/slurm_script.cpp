#include "flipbench/cluster/slurm_script.h"

#include "flipbench/util/errors.h"

#include <regex>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

/// The options the scripts set themselves: given again through --sbatch-arg they would break the
/// task -> run mapping or move the logs that sweep-status reads.
const char* const kOwnOptions[] = {"--array",      "-a",         "--output", "-o",          "--error",
                                   "-e",           "--job-name", "-J",       "--open-mode", "--parsable",
                                   "--dependency", "-d",         "--wrap"};

bool setsOwnOption(const std::string& arg)
{
    for (const char* own : kOwnOptions) {
        const std::string option = own;
        if (arg == option || arg.rfind(option + "=", 0) == 0 ||
            (option.size() == 2 && arg.size() > 2 && arg.rfind(option, 0) == 0))
            return true;
    }
    return false;
}

} // namespace

void checkSlurmOptions(const SlurmOptions& options)
{
    // sbatch's --time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
    static const std::regex time(R"(\d+(:\d+){0,2}|\d+-\d+(:\d+){0,2})");
    if (!options.time.empty() && !std::regex_match(options.time, time))
        throw ConfigError("--time \"" + options.time +
                          "\" is not a time sbatch takes: use HH:MM:SS, MM, D-HH or D-HH:MM:SS, e.g. 02:00:00");
    static const std::regex partition(R"([A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*)");
    if (!options.partition.empty() && !std::regex_match(options.partition, partition))
        throw ConfigError("--partition \"" + options.partition +
                          "\" is not a partition name (letters, digits, _ . -; several joined by commas)");
    if (options.gpusPerTask < 0)
        throw ConfigError("--gpus-per-task must be 0 or more, got " + std::to_string(options.gpusPerTask));
    if (options.maxParallel < 0)
        throw ConfigError("--max-parallel must be 1 or more (0 for no limit), got " +
                          std::to_string(options.maxParallel));
    for (const std::string& arg : options.sbatchArgs) {
        if (arg.empty() || arg[0] != '-' || arg.find_first_of("\n\r") != std::string::npos)
            throw ConfigError("--sbatch-arg \"" + arg +
                              "\" is not an sbatch option; give each as one word, e.g. --sbatch-arg=--mem=16G");
        if (setsOwnOption(arg))
            throw ConfigError("--sbatch-arg " + arg +
                              " sets what Flipbench's scripts set themselves (the array, its logs, its name, the "
                              "dependencies between stages); leave it out");
    }
}

fs::path SlurmLayout::stageScript(int stage) const
{
    return dir / ("stage-" + std::to_string(stage) + ".sbatch");
}

fs::path SlurmLayout::errorFile(int stage, int task) const
{
    return logDir() / ("stage-" + std::to_string(stage) + "-task-" + std::to_string(task) + ".err");
}

fs::path SlurmLayout::outputFile(int stage, int task) const
{
    return logDir() / ("stage-" + std::to_string(stage) + "-task-" + std::to_string(task) + ".out");
}

std::string shellQuoted(const std::string& text)
{
    std::string quoted = "'";
    for (const char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string slurmStageScript(const SlurmLayout& layout, const SlurmStage& stage, const SlurmOptions& options)
{
    const int n = static_cast<int>(stage.runs.size());
    const std::string k = std::to_string(stage.index);
    std::string s = "#!/bin/bash\n";
    s += "# Flipbench sweep \"" + layout.sweep + "\", stage " + k + ": " + std::to_string(n) +
         " runs, task i trains runs[i]. Written by flipbench-cli sweep --slurm.\n";
    s += "# Run one task again alone (it resumes its run from the last checkpoint):\n";
    s += "#   sbatch --array=<task> " + layout.stageScript(stage.index).string() + "\n";
    s += "#SBATCH --job-name=flipbench-" + layout.sweep + "-" + k + "\n";
    s += "#SBATCH --array=0-" + std::to_string(n - 1) +
         (options.maxParallel > 0 ? "%" + std::to_string(options.maxParallel) : "") + "\n";
    // %a: the task id. Appended, so that a task run again keeps the log of its earlier attempts.
    s += "#SBATCH --output=" + (layout.logDir() / ("stage-" + k + "-task-%a.out")).string() + "\n";
    s += "#SBATCH --error=" + (layout.logDir() / ("stage-" + k + "-task-%a.err")).string() + "\n";
    s += "#SBATCH --open-mode=append\n";
    s += "#SBATCH --requeue\n";
    s += "#SBATCH --ntasks=1\n";
    if (!options.partition.empty())
        s += "#SBATCH --partition=" + options.partition + "\n";
    if (options.gpusPerTask > 0)
        s += "#SBATCH --gpus-per-task=" + std::to_string(options.gpusPerTask) + "\n";
    if (!options.time.empty())
        s += "#SBATCH --time=" + options.time + "\n";
    for (const std::string& arg : options.sbatchArgs)
        s += "#SBATCH " + arg + "\n";
    s += "\nruns=(\n";
    for (const std::string& run : stage.runs)
        s += "  " + shellQuoted(run) + "\n";
    s += ")\n";
    s += "task=\"${SLURM_ARRAY_TASK_ID:-}\"\n";
    s += "if ! [[ \"$task\" =~ ^[0-9]+$ ]] || (( task >= ${#runs[@]} )); then\n";
    s += "  echo \"flipbench: task id '$task' is not one of this stage's tasks 0-" + std::to_string(n - 1) +
         "; submit this script with sbatch\" >&2\n";
    s += "  exit 2\n";
    s += "fi\n";
    s += "run=\"${runs[$task]}\"\n";
    s += "echo \"flipbench: $(date -u +%Y-%m-%dT%H:%M:%SZ) task $task of job ${SLURM_ARRAY_JOB_ID:-?} trains $run on "
         "$(hostname)\"\n";
    // exec: the scheduler's SIGTERM (scancel, preemption, time limit) reaches flipbench-cli itself,
    // which stops at the next batch and keeps the checkpoint.
    s += "exec " + shellQuoted(layout.cli.string()) + " train --run " + shellQuoted(layout.workspace.string()) +
         "/\"$run\"\n";
    return s;
}

std::string slurmSubmitScript(const SlurmLayout& layout, const std::vector<SlurmStage>& stages)
{
    std::string s = "#!/bin/bash\n";
    s += "# Submits Flipbench sweep \"" + layout.sweep + "\": " + std::to_string(stages.size()) +
         " array job(s), each after the one before has succeeded (its runs are references of the next).\n";
    s += "# Written by flipbench-cli sweep --slurm; the job ids go to " + layout.jobsFile().string() + ".\n";
    s += "# Run it again after a failure: the stages submitted already are skipped.\n";
    s += "set -euo pipefail\n";
    s += "sbatch=\"${SBATCH:-sbatch}\"\n";
    s += "jobs=" + shellQuoted(layout.jobsFile().string()) + "\n";
    s += "mkdir -p " + shellQuoted(layout.logDir().string()) + "\n";
    s += "touch \"$jobs\"\n";
    s += "previous=\"\"\n";
    for (const SlurmStage& stage : stages) {
        const std::string k = std::to_string(stage.index);
        const std::string script = shellQuoted(layout.stageScript(stage.index).string());
        s += "recorded=$(awk '$1 == \"stage\" && $2 == " + k + " {id = $4} END {print id}' \"$jobs\")\n";
        s += "if [ -n \"$recorded\" ]; then\n";
        s += "  echo \"stage " + k + ": submitted before as job $recorded\"\n";
        s += "  previous=\"$recorded\"\n";
        s += "else\n";
        // --parsable prints "<id>" or "<id>;<cluster>". No bash arrays: clusters still run bash 4.2.
        s += "  if [ -n \"$previous\" ]; then\n";
        s += "    id=$(\"$sbatch\" --parsable --dependency=afterok:\"$previous\" " + script + ")\n";
        s += "  else\n";
        s += "    id=$(\"$sbatch\" --parsable " + script + ")\n";
        s += "  fi\n";
        s += "  id=\"${id%%;*}\"\n";
        s += "  echo \"stage " + k + " job $id\" >> \"$jobs\"\n";
        s += "  echo \"stage " + k + ": job $id, " + std::to_string(stage.runs.size()) +
             " run(s)${previous:+, after job $previous}\"\n";
        s += "  previous=\"$id\"\n";
        s += "fi\n";
    }
    return s;
}

} // namespace flipbench
