#pragma once

// What a listing of runs shows of each run folder (the run table, `flipbench-cli list`, the form's
// reference checks), read once from its files: status.json, config.json, the last epoch of
// metrics.jsonl, notes.json and plan.json. The run table and the CLI read the same summary.

#include "flipbench/runs/plan_membership.h"
#include "flipbench/runs/run_store.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// One run folder, as a listing shows it.
struct RunSummary {
    std::string name;
    std::filesystem::path dir;
    RunStatus status;
    /// Its files could not be read: status.state is Failed and status.message says why (a run
    /// that cannot be read is still listed, but there is nothing to resume).
    bool unreadable = false;
    std::string arch;
    std::string method; ///< method.name of config.json (baseline, fd, ldi); "imported" for a model import
    std::vector<std::string> references; ///< folder names of its reference runs (several: an ensemble)
    std::optional<double> testAccuracy;  ///< of the last epoch logged
    std::optional<double> testNfr;       ///< of the last epoch logged, against the reference (none without one)
    std::optional<double> testPfr;
    std::vector<std::string> tags; ///< notes.json
    std::string note;
    std::string notesError;             ///< why notes.json could not be read ("" when it could, or is absent)
    std::optional<PlanMembership> plan; ///< plan.json, or its sweep (planOfRun)

    /// "Baseline", "FD", "LDI", "ELODI" (LDI against several references) or "Imported"; "" for a
    /// folder whose config.json is not there (yet).
    std::string methodLabel() const;
};

/// The method as listings show it: "Baseline", "FD", "LDI", "ELODI" or "Imported".
std::string methodLabel(const std::string& method, size_t referenceCount);

/// Every label methodLabel gives, in the order lists and legends show methods: "Baseline", "FD",
/// "LDI", "ELODI", "Fusion", "BCWI" (the post-hoc models), "Imported".
const std::vector<std::string>& methodLabels();

/// Reads one run folder. Never throws: a folder that cannot be read comes back `unreadable`.
RunSummary readRunSummary(const std::filesystem::path& runDir);

/// The runs of a workspace, oldest first. Folders without status.json, hidden ones and those that
/// cannot be read are not runs and are skipped. Throws UserError when the workspace is not a folder.
std::vector<RunSummary> listRuns(const std::filesystem::path& workspace);

} // namespace flipbench
