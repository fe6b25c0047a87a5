#pragma once

// The update gate's verdict written out: lines for a terminal, JSON for scripts and JUnit XML for
// CI systems (GitLab, Jenkins, GitHub's test reporters read it: one test case per rule).

#include "flipbench/gate/gate_verdict.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace flipbench {

/// "PASS  max-nfr  NFR 0.80% <= 1.00%" per rule, then the decision.
std::vector<std::string> describeGateVerdict(const GateVerdict& verdict);

/// {"passed": bool, "old", "new", "samples", "rules": [{id, description, figure, limit, unit, passed,
/// detail, protected_flips: [{index, label, pred_old, pred_new}]}]}.
nlohmann::json gateVerdictJson(const GateVerdict& verdict);

/// One <testsuite name="flipbench check"> with one <testcase> per rule; a failed rule's
/// <failure> names its figure and limit and, for --protect, every flipped sample.
std::string gateJUnitXml(const GateVerdict& verdict);

} // namespace flipbench
