#pragma once

// A sweep expanded into the runs it trains, each config validated, in an order that trains every
// run after the runs it is trained against.

#include "flipbench/config/run_config.h"
#include "flipbench/sweeps/sweep_spec.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// One run of a sweep.
struct SweepRun {
    std::string name;  ///< its run folder: <sweep>[-<arm>][-<point>]-s<seed>
    std::string arm;   ///< the arm's label ("" for a spec without arms)
    std::string point; ///< the grid values, "kd_loss_weight=0.5, temperature=2" ("" without grid)
    nlohmann::json settings = nlohmann::json::object(); ///< the grid values by dotted path
    uint64_t seed = 0;
    /// The validated config. References to arms of the sweep are still "@label" here: they become
    /// run folders when the run starts (resolveSweepReferences).
    RunConfig config;
    std::vector<std::string> referenceArms; ///< the arms whose runs this run is trained against
};

struct SweepPlan {
    SweepSpec spec;
    std::vector<SweepRun> runs; ///< in training order
    /// The runs of an arm, in plan order.
    std::vector<const SweepRun*> runsOf(const std::string& arm) const;
};

/// Expands every arm's grids and seeds into runs and validates each run's config, before anything is
/// written. `dataPath` (the CLI's --data) replaces every run's data.path. Throws ConfigError naming
/// the arm, the grid values and the field: `arm "fd", method.kd_loss_weight = -1:
/// method.kd_loss_weight: must be >= 0, got -1`. Also refused: a reference to an unknown arm, arms
/// that reference each other in a cycle, an "old" arm with more than one run, two runs of one name.
SweepPlan expandSweep(const SweepSpec& spec, const std::optional<std::string>& dataPath);

/// The run's config with "@label" references replaced by the folders of that arm's runs in
/// `workspace` (where the sweep trains them).
RunConfig resolveSweepReferences(const SweepPlan& plan, const SweepRun& run, const std::filesystem::path& workspace);

/// The old model a sweep is compared against in its summary: the run folder of spec.old, or empty
/// when the spec names none.
std::optional<std::filesystem::path> sweepOldModel(const SweepPlan& plan, const std::filesystem::path& workspace);

} // namespace flipbench
