#include "flipbench/gate/update_gate.h"

#include "flipbench/runs/plan_summary.h"
#include "flipbench/statistics/group_table.h"
#include "flipbench/statistics/rate_statistics.h"
#include "flipbench/util/errors.h"

#include <cmath>
#include <cstdlib>

namespace flipbench {

namespace {

RuleResult rateRule(const std::string& id, const std::string& description, double figure, double limit, bool atMost,
                    const std::string& unit, const std::string& detail)
{
    RuleResult r;
    r.id = id;
    r.description = description;
    r.figure = figure * 100;
    r.limit = limit * 100;
    r.unit = unit;
    // Compared in the units shown, rounded to 1e-9, so that "NFR 1.00% <= 1.00%" never fails on
    // the last bit of 3/300 against the 0.01 a user typed.
    const double shown = std::round(r.figure * 1e9), bound = std::round(r.limit * 1e9);
    r.passed = atMost ? shown <= bound : shown >= bound;
    r.detail = detail;
    return r;
}

/// The class `name` names: one of c's class names, or an index.
int classIndex(const ModelComparison& c, const std::string& name)
{
    for (size_t k = 0; k < c.classNames.size(); ++k)
        if (c.classNames[k] == name)
            return static_cast<int>(k);
    char* end = nullptr;
    const long index = std::strtol(name.c_str(), &end, 10);
    if (!name.empty() && *end == '\0' && index >= 0 && index < c.numClasses)
        return static_cast<int>(index);
    std::string known;
    for (const std::string& n : c.classNames)
        known += (known.empty() ? "" : ", ") + n;
    throw UserError("--max-class-nf " + name + ": no such class; the test set's classes are " + known +
                    " (or their indices 0-" + std::to_string(c.numClasses - 1) + ", or * for every class)");
}

RuleResult classRule(const ModelComparison& c, const ClassFlipLimit& limit)
{
    std::vector<int64_t> flips(static_cast<size_t>(c.numClasses), 0), samples(flips.size(), 0);
    for (const SampleOutcome& s : c.samples) {
        if (s.label < 0 || s.label >= c.numClasses)
            continue;
        ++samples[static_cast<size_t>(s.label)];
        flips[static_cast<size_t>(s.label)] += s.outcome() == FlipOutcome::NegativeFlip ? 1 : 0;
    }
    std::vector<int> classes;
    if (limit.className == "*")
        for (int k = 0; k < c.numClasses; ++k)
            classes.push_back(k);
    else
        classes.push_back(classIndex(c, limit.className));
    // The worst class decides: the most flips, or the highest rate.
    auto value = [&](int k) {
        const auto n = static_cast<double>(samples[static_cast<size_t>(k)]);
        const auto f = static_cast<double>(flips[static_cast<size_t>(k)]);
        return limit.isRate ? (n > 0 ? f / n : 0.0) : f;
    };
    int worst = classes.front();
    for (int k : classes)
        if (value(k) > value(worst))
            worst = k;
    const std::string name = static_cast<size_t>(worst) < c.classNames.size() ? c.classNames[static_cast<size_t>(worst)]
                                                                              : std::to_string(worst);
    const std::string scope = limit.className == "*" ? "every class" : "class " + name;
    const std::string detail = std::to_string(flips[static_cast<size_t>(worst)]) + " of the " +
                               std::to_string(samples[static_cast<size_t>(worst)]) + " test samples of " + name +
                               " flipped from right to wrong" + (limit.className == "*" ? " (the worst class)" : "");
    RuleResult r;
    if (limit.isRate) {
        r = rateRule("max-class-nf",
                     "negative flips in " + scope + " at most " + formatPercent(limit.limit) + " of its samples",
                     value(worst), limit.limit, true, "%", detail);
    } else {
        r.id = "max-class-nf";
        r.description = "negative flips in " + scope + " at most " + std::to_string(static_cast<int64_t>(limit.limit));
        r.figure = value(worst);
        r.limit = limit.limit;
        r.unit = "flips";
        r.passed = r.figure <= r.limit;
        r.detail = detail;
    }
    return r;
}

RuleResult protectRule(const ModelComparison& c, const std::vector<int64_t>& indices, const std::string& file)
{
    RuleResult r;
    r.id = "protect";
    r.description = "none of the " + std::to_string(indices.size()) + " protected samples of " + file +
                    " flips from right to wrong";
    r.unit = "flips";
    for (int64_t index : indices) {
        if (index >= static_cast<int64_t>(c.samples.size()))
            throw DataError(file + ": sample index " + std::to_string(index) + " is outside the test set (" +
                            std::to_string(c.samples.size()) + " samples, indices 0-" +
                            std::to_string(static_cast<int64_t>(c.samples.size()) - 1) + ")");
        const SampleOutcome& s = c.samples[static_cast<size_t>(index)];
        if (s.outcome() == FlipOutcome::NegativeFlip)
            r.protectedFlips.push_back({index, s.label, s.predA, s.predB});
    }
    r.figure = static_cast<double>(r.protectedFlips.size());
    r.limit = 0;
    r.passed = r.protectedFlips.empty();
    r.detail = r.passed ? "every protected sample the old model got right the new one gets right"
                        : std::to_string(r.protectedFlips.size()) + " protected samples flipped";
    return r;
}

} // namespace

GateNoiseFloor baselineNoiseFloor(const std::vector<std::filesystem::path>& runDirs, const std::string& baseline,
                                  const std::optional<std::filesystem::path>& old)
{
    GroupTableOptions options;
    options.old = old;
    options.baseline = baseline;
    const GroupTable table = buildGroupTable(runDirs, options);
    if (table.baseline.empty())
        throw UserError("--max-nfr-over-floor: " +
                        (baseline.empty() ? std::string("the workspace has no group of plain retraining (method "
                                                        "baseline) besides the old model")
                                          : "the workspace has no group or arm \"" + baseline + "\"") +
                        "; train the baseline with two or more seeds (a sweep over seeds) or name it with --baseline");
    if (table.noiseFloor.n == 0)
        throw UserError("--max-nfr-over-floor: the baseline group " + table.baseline +
                        " has one seed; the noise floor is the churn between retrained seeds, so train it with "
                        "at least two seeds");
    return {table.noiseFloor, table.baseline};
}

GateVerdict evaluateGate(const ModelComparison& c, const GateRules& rules, const std::optional<GateNoiseFloor>& floor)
{
    GateVerdict v;
    v.oldName = c.nameA;
    v.newName = c.nameB;
    v.samples = c.report.samples;
    const FlipReport& r = c.report;
    const std::string flips =
        std::to_string(r.table.negativeFlips) + " negative flips in " + std::to_string(r.samples) + " test samples";
    if (rules.maxNfr)
        v.rules.push_back(
            rateRule("max-nfr", "NFR at most " + formatPercent(*rules.maxNfr), r.nfr, *rules.maxNfr, true, "%", flips));
    if (rules.maxNfrOverFloor) {
        if (!floor)
            throw UserError("--max-nfr-over-floor needs the noise floor of a baseline group: give --workspace");
        const double over = r.nfr - floor->nfr.mean;
        v.rules.push_back(rateRule(
            "max-nfr-over-floor", "NFR at most " + formatPoints(*rules.maxNfrOverFloor) + " over the noise floor", over,
            *rules.maxNfrOverFloor, true, "points",
            "NFR " + formatPercent(r.nfr) + " against a noise floor of " + formatPercent(floor->nfr.mean) +
                " (retrained " + floor->group + ", " + std::to_string(floor->nfr.n) + " ordered pairs of seeds)"));
    }
    for (const ClassFlipLimit& limit : rules.classLimits)
        v.rules.push_back(classRule(c, limit));
    if (rules.minAccuracyDelta)
        v.rules.push_back(
            rateRule("min-accuracy-delta", "accuracy change at least " + formatPoints(*rules.minAccuracyDelta),
                     r.accB - r.accA, *rules.minAccuracyDelta, false, "points",
                     "accuracy " + formatPercent(r.accA) + " (old) -> " + formatPercent(r.accB) + " (new)"));
    if (rules.maxNfrUpper) {
        SampleIndicators negative;
        negative.reserve(c.samples.size());
        for (const SampleOutcome& s : c.samples)
            negative.push_back(s.outcome() == FlipOutcome::NegativeFlip ? 1 : 0);
        if (negative.size() < 2)
            throw DataError("--max-nfr-upper: an interval needs at least 2 test samples, the test set has " +
                            std::to_string(negative.size()));
        // One old and one new model: the interval counts the test set's noise (a bootstrap over
        // its samples, as `summary` does for a group of one seed).
        const RateEstimate e = estimateRate({negative});
        v.rules.push_back(rateRule("max-nfr-upper",
                                   "upper end of NFR's 95% interval at most " + formatPercent(*rules.maxNfrUpper),
                                   e.interval.high, *rules.maxNfrUpper, true, "%",
                                   "NFR " + formatPercent(r.nfr) + ", 95% interval " + formatPercent(e.interval.low) +
                                       " to " + formatPercent(e.interval.high) + " (" + e.intervalMethod + ")"));
    }
    if (rules.protectedSamples)
        v.rules.push_back(protectRule(c, *rules.protectedSamples, rules.protectedFile));
    return v;
}

} // namespace flipbench
