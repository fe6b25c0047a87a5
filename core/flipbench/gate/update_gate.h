#pragma once

// The update gate: whether a new model may replace the old one, decided by rules a team writes
// down once (GateRules) and checks on every candidate, in CI or by hand. The figures are the ones
// `compare` prints and the statistics of `summary` compute; this file only sets them against limits.

#include "flipbench/compare/model_comparison.h"
#include "flipbench/gate/gate_rules.h"
#include "flipbench/gate/gate_verdict.h"
#include "flipbench/statistics/mean_spread.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// The retraining noise floor for --max-nfr-over-floor: the NFR among independently retrained
/// baselines (GroupTable::noiseFloor) and the group it was measured on.
struct GateNoiseFloor {
    MeanSpread nfr;
    std::string group;
};

/// The noise floor of the baseline group among `runDirs` (a workspace's runs): `baseline` names the
/// group or family as `summary --baseline` does ("" = the largest baseline group that is not the
/// old model), `old` the old model's run folder when it is one. Throws UserError when there is no
/// baseline group or it has fewer than two seeds, saying what to train.
GateNoiseFloor baselineNoiseFloor(const std::vector<std::filesystem::path>& runDirs, const std::string& baseline,
                                  const std::optional<std::filesystem::path>& old);

/// Every rule of `rules` checked on the comparison of old (A) and new (B) `c`. `floor` is needed
/// exactly when rules.maxNfrOverFloor is set. Throws UserError for a class that `c` does not
/// have, a protected index outside the test set, or a floor rule without a floor.
GateVerdict evaluateGate(const ModelComparison& c, const GateRules& rules,
                         const std::optional<GateNoiseFloor>& floor = std::nullopt);

} // namespace flipbench
