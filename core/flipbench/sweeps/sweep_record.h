#pragma once

// The files that say a run belongs to a sweep: sweep.json in each of its run folders, and
// sweeps/<name>.json in the workspace (the spec's runs, its old model and baseline arm), so that
// `summary --sweep NAME` and the GUI find a sweep's runs and the comparison it was made for.
// This is their only reader and writer.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

struct SweepPlan;
struct SweepRun;

/// sweep.json of a run folder.
struct SweepMembership {
    std::string sweep;
    std::string arm;
    std::string point; ///< "kd_loss_weight=0.5" ("" without grid)
    nlohmann::json settings = nlohmann::json::object();
    uint64_t seed = 0;
};

/// The sweep.json of one run of a plan (the CLI's runner and the GUI's queue write the same).
SweepMembership membershipOf(const SweepPlan& plan, const SweepRun& run);
void writeSweepMembership(const std::filesystem::path& runDir, const SweepMembership& membership);
/// None when the folder has no sweep.json, or one that does not read (a run is still a run).
std::optional<SweepMembership> readSweepMembership(const std::filesystem::path& runDir);

/// sweeps/<name>.json of a workspace.
struct SweepRecord {
    std::string name;
    std::string old;               ///< the old model's run folder name ("" when the spec names none)
    std::string baseline;          ///< the arm of plain retraining ("" when the spec names none)
    std::vector<std::string> runs; ///< run folder names, in training order
    std::vector<std::string> arms; ///< the arm of each run
    std::string updated;           ///< ISO 8601 UTC
};

/// The record of a plan about to train in `workspace`.
SweepRecord sweepRecordOf(const SweepPlan& plan, const std::filesystem::path& workspace);
void writeSweepRecord(const std::filesystem::path& workspace, const SweepRecord& record);
/// Throws UserError when the workspace has no such sweep, naming the sweeps it has.
SweepRecord readSweepRecord(const std::filesystem::path& workspace, const std::string& name);
/// The names of the sweeps recorded in a workspace, sorted.
std::vector<std::string> listSweeps(const std::filesystem::path& workspace);

} // namespace flipbench
