#pragma once

// The file that says a run was queued as part of a plan: plan.json in each run folder of a plan
// of several runs (a preset, or the New Run form's baseline + FD + LDI), so that the run table can
// group a plan's runs after a restart and on another machine. A sweep's runs say so in sweep.json
// instead (sweep_record.h); planOfRun reads either. This is plan.json's only reader and writer.

#include <filesystem>
#include <optional>
#include <string>

namespace flipbench {

/// plan.json of a run folder.
struct PlanMembership {
    /// The plan's identity: the folder name of its first run (unique in a workspace, and stable
    /// when the workspace is copied).
    std::string plan;
    std::string label; ///< what the user chose: the preset's name, or the first run's name
    int position = 0;  ///< 0-based, in the plan's training order
    int size = 0;      ///< the number of runs the plan queued
};

/// Writes plan.json atomically. Throws when the folder cannot be written.
void writePlanMembership(const std::filesystem::path& runDir, const PlanMembership& membership);

/// The run's plan.json; none when it has none, or one that does not read (a run is still a run).
std::optional<PlanMembership> readPlanMembership(const std::filesystem::path& runDir);

/// The plan a run belongs to, for grouping: its plan.json, or else its sweep.json (plan
/// "sweep:NAME", labelled with the sweep's name; position and size 0, a sweep's record knows
/// them). None for a run trained alone.
std::optional<PlanMembership> planOfRun(const std::filesystem::path& runDir);

} // namespace flipbench
