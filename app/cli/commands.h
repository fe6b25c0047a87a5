#pragma once

#include <string>
#include <vector>

namespace flipbench::cli {

/// Exit codes of flipbench-cli.
enum ExitCode { kExitOk = 0, kExitRunFailed = 1, kExitUsage = 2 };

/// Each command takes the arguments after its name and returns the process exit code. They throw
/// UsageError for a bad command line and flipbench::UserError for bad input; main reports both.
int commandTrain(const std::vector<std::string>& args);
int commandResume(const std::vector<std::string>& args);
int commandCompare(const std::vector<std::string>& args);
int commandPairwise(const std::vector<std::string>& args);
/// check: the update gate (exit 1 when a rule fails).
int commandCheck(const std::vector<std::string>& args);
int commandSweep(const std::vector<std::string>& args);
/// sweep --slurm: the sweep as SLURM job arrays (command_cluster.cpp); sweep-status: their state.
int commandSweepSlurm(const std::vector<std::string>& args);
int commandSweepStatus(const std::vector<std::string>& args);
int commandSummary(const std::vector<std::string>& args);
int commandList(const std::vector<std::string>& args);
int commandMakeDemoData(const std::vector<std::string>& args);
int commandImportModel(const std::vector<std::string>& args);
int commandExportModel(const std::vector<std::string>& args);
/// posthoc fusion|bcwi: a compatible model mixed from an old and a new run, without retraining.
int commandPosthoc(const std::vector<std::string>& args);
int commandPresets(const std::vector<std::string>& args);
int commandImportImages(const std::vector<std::string>& args);
int commandDownloadCifar10(const std::vector<std::string>& args);

/// When `dataPath` is an image folder, makes its cache current before training, with progress and
/// the import report on stderr; nothing for a CIFAR-10 binary folder.
void importImagesBeforeTraining(const std::string& dataPath);

} // namespace flipbench::cli
