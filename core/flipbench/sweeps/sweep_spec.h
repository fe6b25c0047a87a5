#pragma once

// A sweep spec: the JSON file a user writes to train a grid of settings over several seeds
// (README, "Sweeps"). This is its only reader; sweep_plan.h expands it into runs.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace flipbench {

/// One grid: every combination of the listed values (a Cartesian product), fields in file order.
struct SweepGrid {
    std::vector<std::pair<std::string, std::vector<nlohmann::json>>> fields; ///< dotted path -> values
};

/// One family of runs of a sweep: a base config with fixed settings, one or more grids (several
/// grids are a union, as scikit-learn's ParameterGrid takes a list of dicts), seeds and a reference.
struct SweepArm {
    std::string label;                                       ///< names its runs; "" for a spec without "arms"
    nlohmann::json base;                                     ///< the resolved run config every run starts from
    std::vector<std::pair<std::string, nlohmann::json>> set; ///< dotted path -> value, for every run
    std::vector<SweepGrid> grids;                            ///< empty: one point, the base itself
    std::vector<uint64_t> seeds;                             ///< train.seed of each run
    /// As written: run names or folders (several: an ensemble), or "@label", the runs of another
    /// arm of this sweep (an ensemble when that arm has several). Empty: the base config's own.
    std::vector<std::string> reference;
    bool referenceGiven = false; ///< "reference" was written (an empty list clears it)
};

struct SweepSpec {
    std::string name;
    std::vector<SweepArm> arms;
    /// The old model every run is compared against in the summary: "@label" (an arm with one run),
    /// a run name or folder; empty: the runs' own reference.
    std::string old;
    /// The arm of plain retraining that the methods are measured against; empty: found by summary.
    std::string baseline;
    std::filesystem::path file; ///< where it was read from (empty for a spec given as JSON)
};

/// Parses a spec. Relative paths (a base config file, data.path) are relative to `specDir`.
/// Throws ConfigError with the JSON path of what is wrong ("arms[1].grid.method.kd_loss_weight:
/// must be a list of values").
SweepSpec parseSweepSpec(const nlohmann::json& json, const std::filesystem::path& specDir);

/// Reads and parses a spec file; errors start with the file name.
SweepSpec readSweepSpec(const std::filesystem::path& file);

/// Sets a dotted path ("method.fd.temperature") in a JSON object, creating the objects on the way.
void setDottedPath(nlohmann::json& object, const std::string& dottedPath, const nlohmann::json& value);

} // namespace flipbench
