#pragma once

// What the update gate decided: one result per rule with its figure and its limit, as plain values
// for the CLI's text, JSON and JUnit output.

#include <cstdint>
#include <string>
#include <vector>

namespace flipbench {

/// One negative flip among the protected samples.
struct ProtectedFlip {
    int64_t index = 0;
    int label = 0, predOld = 0, predNew = 0;
};

struct RuleResult {
    std::string id;          ///< the option that set the rule: "max-nfr", "max-class-nf", ...
    std::string description; ///< "NFR at most 1.00%"
    double figure = 0;       ///< the measured value, in `unit`
    double limit = 0;        ///< the limit, in `unit`
    std::string unit;        ///< "%", "points" or "flips"
    bool passed = false;
    std::string detail;                        ///< how the figure was measured, or what failed (one line)
    std::vector<ProtectedFlip> protectedFlips; ///< --protect: the protected samples that flipped
};

struct GateVerdict {
    std::string oldName, newName;
    int64_t samples = 0;
    std::vector<RuleResult> rules;

    bool passed() const
    {
        for (const RuleResult& rule : rules)
            if (!rule.passed)
                return false;
        return true;
    }
    int failures() const
    {
        int n = 0;
        for (const RuleResult& rule : rules)
            n += rule.passed ? 0 : 1;
        return n;
    }
};

} // namespace flipbench
