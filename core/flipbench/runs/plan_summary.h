#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// One run of a finished plan, measured against the plan's old model and its new baseline.
struct PlanRunResult {
    std::string name;
    std::string method;             ///< baseline, fd, ldi
    std::string reference;          ///< the old model's run name(s), joined by " + "
    bool completed = true;          ///< false: failed, cancelled or never started (no numbers)
    double accuracy = 0;            ///< test accuracy of the run's kept weights
    std::optional<double> nfr, pfr; ///< against its reference (none without one)
    /// Against the plan's new baseline (same reference): differences in points of rate (0.01 = 1%).
    std::optional<double> accuracyChange, nfrChange, pfrChange;
    /// The noise of the NFR difference on this test set: 1.96 standard errors of the difference of
    /// two rates measured on the same samples (independent approximation, so a little conservative).
    std::optional<double> nfrNoise;
    std::string verdict; ///< one plain sentence; empty for the old model and the baseline
};

/// A plan's outcome: which runs cut negative flips against retraining, and at what accuracy.
struct PlanSummary {
    std::string baseline; ///< the new baseline's run name; empty when the plan has none
    std::vector<PlanRunResult> runs;
    int64_t testSamples = 0;
};

/// Reads the completed runs of a plan (their logits and configs) and compares every FD/LDI run with
/// the plan's baseline trained against the same old model. Runs that did not complete are listed
/// with a verdict that says so. Throws UserError for unreadable run folders.
PlanSummary summarizePlan(const std::vector<std::filesystem::path>& runDirs);

/// The summary as plain text lines (a table and one verdict line per method), for the CLI and logs.
std::vector<std::string> describePlanSummary(const PlanSummary& summary);

/// "76.15%": every rate the user sees, with two decimals.
std::string formatPercent(double rate);

/// "+0.42 points": every difference of rates the user sees (a fraction in, percentage points out).
std::string formatPoints(double change);

} // namespace flipbench
