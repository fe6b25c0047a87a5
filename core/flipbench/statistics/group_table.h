#pragma once

// The group table: every group of runs (same settings, several seeds) measured against one old
// model on the test set, with mean ± sd (n) and a 95% interval per rate, the noise floor of
// retraining, each method's difference from plain retraining with its interval, and the setting of
// each family chosen on the validation split. `flipbench-cli summary`, the GUI and the PDF report
// show this one table.

#include "flipbench/runs/run_groups.h"
#include "flipbench/statistics/mean_spread.h"
#include "flipbench/statistics/rate_statistics.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

struct GroupTableOptions {
    /// The old model every run is compared against; none: the reference most runs share.
    std::optional<std::filesystem::path> old;
    /// The group (label) or family of plain retraining; "": the largest group of baseline runs that
    /// is not the old model.
    std::string baseline;
    /// Selection: the lowest validation NFR among the settings whose mean validation accuracy is at
    /// most this far (a fraction: 0.01 = 1 point) below the baseline's.
    double accuracyTolerance = 0.01;
    /// Choose on the test set instead: possible, but every choice is then marked optimistic.
    bool chooseOnTest = false;
    double level = 0.95;
};

struct GroupRow {
    RunGroup group;
    bool isOld = false;                              ///< the old model's own group (no flip rates)
    bool isBaseline = false;                         ///< plain retraining, what the methods are measured against
    RateEstimate accuracy;                           ///< test
    std::optional<RateEstimate> nfr, pfr;            ///< test, against the old model
    std::optional<RateEstimate> valAccuracy, valNfr; ///< validation split, against the old model
    std::optional<RateDifference> nfrChange, accuracyChange; ///< this group minus the baseline group (test)
    std::optional<double> relativeNfrChange;                 ///< nfrChange / the baseline's mean NFR (-0.3 = 30% fewer)
    bool chosen = false;                                     ///< the family's setting picked by the selection rule
    std::string verdict; ///< one plain sentence against the baseline; "" for the old model and baseline
};

/// How one family's setting was chosen.
struct FamilyChoice {
    std::string family;
    std::string chosen;      ///< the chosen group's label ("" when none qualified)
    bool optimistic = false; ///< chosen on the test set
    std::string reason;      ///< "lowest validation NFR (2.10%) among 2 settings within 1 point of ..."
};

struct GroupTable {
    std::string old;      ///< the old model's run name
    std::string baseline; ///< the baseline group's label ("" when there is none)
    int64_t testSamples = 0;
    int64_t valSamples = 0; ///< 0 when no run has a validation split matching the old model's
    std::vector<GroupRow> rows;
    /// The NFR among independently retrained baselines (every ordered pair of the baseline group's
    /// seeds): the churn retraining gives for free. n = 0 when the baseline has fewer than 2 seeds.
    MeanSpread noiseFloor;
    std::vector<FamilyChoice> choices;
    std::vector<std::string> notes; ///< what the table could not do and why
};

/// Builds the table over the completed runs among `runDirs` (others are named in notes). Throws
/// UserError when there is no old model, or a run's test set is not the old model's.
GroupTable buildGroupTable(const std::vector<std::filesystem::path>& runDirs, const GroupTableOptions& options);

/// Where no old model is named (a workspace of plain retraining only): the groups of the completed
/// runs among `runDirs` with their test accuracy alone (no flip rates, no baseline, no choices).
/// Throws as buildGroupTable does when runs do not share one test set.
std::vector<GroupRow> accuracyGroups(const std::vector<std::filesystem::path>& runDirs, double level = 0.95);

} // namespace flipbench
