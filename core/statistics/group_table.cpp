#include "flipbench/statistics/group_table.h"

#include "flipbench/config/run_config.h"
#include "flipbench/runs/plan_summary.h"
#include "flipbench/runs/run_predictions.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/statistics/noise_floor.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

using Indicators = std::vector<uint8_t>;

Indicators toIndicators(const torch::Tensor& mask)
{
    const torch::Tensor bytes = mask.to(torch::kUInt8).contiguous();
    return Indicators(bytes.data_ptr<uint8_t>(), bytes.data_ptr<uint8_t>() + bytes.numel());
}

/// Per-sample events of one run against the old model.
struct RunEvents {
    Indicators correct, negativeFlip, positiveFlip;
};

RunEvents eventsOf(const torch::Tensor& oldPredictions, const torch::Tensor& predictions, const torch::Tensor& labels)
{
    const torch::Tensor oldCorrect = oldPredictions.eq(labels);
    const torch::Tensor correct = predictions.eq(labels);
    return {toIndicators(correct), toIndicators(oldCorrect.logical_and(correct.logical_not())),
            toIndicators(oldCorrect.logical_not().logical_and(correct))};
}

/// The reference folders of a run's config (absolute, as the run folder stores them).
std::vector<std::string> referencesOf(const fs::path& runDir)
{
    try {
        return parseRunConfig(readJsonDocument(runDir / "config.json")).method.reference;
    } catch (const std::exception&) {
        return {};
    }
}

/// The old model when none is given: the single reference that most runs are trained against.
fs::path mostCommonReference(const std::vector<fs::path>& runDirs)
{
    std::map<std::string, int> counts;
    for (const fs::path& dir : runDirs)
        if (const auto references = referencesOf(dir); references.size() == 1)
            ++counts[references.front()];
    if (counts.empty())
        throw UserError("no run names a single old model as its reference; give the old model (--old RUN)");
    return std::max_element(counts.begin(), counts.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
}

std::vector<Indicators> pick(const std::vector<RunEvents>& events, Indicators RunEvents::*member)
{
    std::vector<Indicators> picked;
    for (const RunEvents& e : events)
        picked.push_back(e.*member);
    return picked;
}

std::string points(double difference)
{
    char text[32];
    std::snprintf(text, sizeof text, "%+.2f", difference * 100);
    return text;
}

std::string verdictOf(const GroupRow& row)
{
    if (!row.nfrChange)
        return "";
    const RateDifference& d = *row.nfrChange;
    std::string text;
    if (d.excludesZero && d.difference < 0)
        text = "fewer regressions: NFR " + points(d.difference) + " points";
    else if (d.excludesZero && d.difference > 0)
        text = "more regressions: NFR " + points(d.difference) + " points";
    else
        text = "no difference beyond noise: NFR " + points(d.difference) + " points";
    if (row.relativeNfrChange)
        text += " (" + std::to_string(static_cast<int>(std::lround(*row.relativeNfrChange * 100))) + "%)";
    text += ", interval " + points(d.interval.low) + " to " + points(d.interval.high);
    if (row.accuracyChange)
        text += "; accuracy " + points(row.accuracyChange->difference) + " points";
    return text;
}

} // namespace

GroupTable buildGroupTable(const std::vector<fs::path>& runDirs, const GroupTableOptions& options)
{
    GroupTable table;
    std::vector<fs::path> completed;
    for (const fs::path& dir : runDirs) {
        const RunStatus status = RunFolder::open(dir).readStatus();
        if (status.state == RunState::Completed)
            completed.push_back(dir);
        else
            table.notes.push_back(dir.filename().string() + " is " + toString(status.state) + ": left out");
    }
    const fs::path oldDir = options.old ? *options.old : mostCommonReference(completed);
    const RunPredictions old = loadRunPredictions(oldDir);
    const std::optional<RunPredictions> oldVal = loadRunValidationPredictions(oldDir);
    table.old = old.name;
    table.testSamples = old.labels.size(0);

    std::vector<std::vector<RunEvents>> testEvents, valEvents;
    // The old model is a group of its own, first, even where another run shares its settings (the
    // recipe retrained with other seeds is the baseline, not the old model).
    const fs::path oldCanonical = fs::weakly_canonical(oldDir);
    std::vector<fs::path> others;
    bool oldListed = false;
    for (const fs::path& dir : completed) {
        if (fs::weakly_canonical(dir) == oldCanonical)
            oldListed = true;
        else
            others.push_back(dir);
    }
    std::vector<RunGroup> groups = oldListed ? groupRuns({oldDir}) : std::vector<RunGroup>();
    for (RunGroup& group : groupRuns(others))
        groups.push_back(std::move(group));
    bool valMismatch = false;
    for (size_t g = 0; g < groups.size(); ++g) {
        const RunGroup& group = groups[g];
        GroupRow row;
        row.group = group;
        row.isOld = oldListed && g == 0;
        std::vector<RunEvents> test, val;
        for (const fs::path& run : group.runs) {
            // The old model's own files are read once, above.
            const RunPredictions p = row.isOld ? old : loadRunPredictions(run);
            requireSameTestSet(old, p);
            test.push_back(eventsOf(old.predictions, p.predictions, p.labels));
            const auto v = row.isOld ? oldVal : loadRunValidationPredictions(run);
            if (v && oldVal && v->labels.sizes() == oldVal->labels.sizes() && torch::equal(v->labels, oldVal->labels))
                val.push_back(eventsOf(oldVal->predictions, v->predictions, v->labels));
            else if (v && oldVal)
                valMismatch = true;
        }
        row.accuracy = estimateRate(pick(test, &RunEvents::correct), options.level);
        if (!row.isOld) {
            row.nfr = estimateRate(pick(test, &RunEvents::negativeFlip), options.level);
            row.pfr = estimateRate(pick(test, &RunEvents::positiveFlip), options.level);
            if (val.size() == test.size()) { // every seed has the old model's validation split
                row.valAccuracy = estimateRate(pick(val, &RunEvents::correct), options.level);
                row.valNfr = estimateRate(pick(val, &RunEvents::negativeFlip), options.level);
                table.valSamples = oldVal->labels.size(0);
            }
        }
        table.rows.push_back(row);
        testEvents.push_back(test);
        valEvents.push_back(val);
    }
    if (!oldVal)
        table.notes.push_back(
            "the old model " + old.name +
            " has no validation predictions (val_logits.npy): settings cannot be chosen on validation");
    else if (valMismatch)
        table.notes.push_back("some runs hold out another validation split than the old model " + old.name +
                              " (data.train_limit or data.val_size differ): they have no validation figures");

    // The baseline: the named group or family, else the largest group of plain retraining.
    int baseline = -1;
    for (size_t i = 0; i < table.rows.size(); ++i) {
        const GroupRow& row = table.rows[i];
        if (row.isOld)
            continue;
        if (!options.baseline.empty()) {
            if ((row.group.label == options.baseline || row.group.family == options.baseline) && baseline < 0)
                baseline = static_cast<int>(i);
        } else if (row.group.method == "baseline" &&
                   (baseline < 0 || row.group.runs.size() > table.rows[baseline].group.runs.size())) {
            baseline = static_cast<int>(i);
        }
    }
    if (baseline < 0) {
        table.notes.push_back(
            options.baseline.empty()
                ? "no group of plain retraining (method baseline) besides the old model: no differences"
                : "no group or arm \"" + options.baseline + "\": no differences");
        return table;
    }
    GroupRow& base = table.rows[baseline];
    base.isBaseline = true;
    table.baseline = base.group.label;
    table.noiseFloor = pairwiseNegativeFlipRates(pick(testEvents[baseline], &RunEvents::correct));

    for (size_t i = 0; i < table.rows.size(); ++i) {
        GroupRow& row = table.rows[i];
        if (row.isOld || row.isBaseline)
            continue;
        row.nfrChange = differenceOfRates(pick(testEvents[i], &RunEvents::negativeFlip),
                                          pick(testEvents[baseline], &RunEvents::negativeFlip), options.level);
        row.accuracyChange = differenceOfRates(pick(testEvents[i], &RunEvents::correct),
                                               pick(testEvents[baseline], &RunEvents::correct), options.level);
        if (base.nfr && base.nfr->mean > 0)
            row.relativeNfrChange = row.nfrChange->difference / base.nfr->mean;
        row.verdict = verdictOf(row);
    }

    // Selection per family: the lowest NFR among the settings within the accuracy tolerance.
    std::vector<std::string> families;
    for (const GroupRow& row : table.rows)
        if (!row.isOld && !row.isBaseline && row.group.family != base.group.family &&
            std::find(families.begin(), families.end(), row.group.family) == families.end())
            families.push_back(row.group.family);
    const double tolerancePoints = options.accuracyTolerance * 100;
    for (const std::string& family : families) {
        FamilyChoice choice;
        choice.family = family;
        choice.optimistic = options.chooseOnTest;
        const auto accuracyOf = [&](const GroupRow& r) -> std::optional<double> {
            if (options.chooseOnTest)
                return r.accuracy.mean;
            return r.valAccuracy ? std::optional<double>(r.valAccuracy->mean) : std::nullopt;
        };
        const auto nfrOf = [&](const GroupRow& r) -> std::optional<double> {
            if (options.chooseOnTest)
                return r.nfr ? std::optional<double>(r.nfr->mean) : std::nullopt;
            return r.valNfr ? std::optional<double>(r.valNfr->mean) : std::nullopt;
        };
        const std::string split = options.chooseOnTest ? "test" : "validation";
        const auto baseAccuracy = accuracyOf(base);
        int settings = 0, best = -1;
        for (size_t i = 0; i < table.rows.size(); ++i) {
            const GroupRow& row = table.rows[i];
            if (row.group.family != family || row.isOld || row.isBaseline)
                continue;
            ++settings;
            const auto accuracy = accuracyOf(row);
            const auto nfr = nfrOf(row);
            if (!accuracy || !nfr || !baseAccuracy || *accuracy < *baseAccuracy - options.accuracyTolerance)
                continue;
            if (best < 0 || *nfr < *nfrOf(table.rows[best]))
                best = static_cast<int>(i);
        }
        char tolerance[32];
        std::snprintf(tolerance, sizeof tolerance, "%g", tolerancePoints);
        const std::string pointWord = tolerancePoints == 1 ? " point" : " points";
        if (!baseAccuracy) {
            choice.reason = "not chosen: the baseline has no " + split + " figures";
        } else if (best < 0) {
            choice.reason = "none of its " + std::to_string(settings) + " settings has a " + split +
                            " accuracy within " + tolerance + pointWord + " of the baseline's (" +
                            formatPercent(*baseAccuracy) + ")";
        } else {
            table.rows[best].chosen = true;
            choice.chosen = table.rows[best].group.label;
            choice.reason = "lowest " + split + " NFR (" + formatPercent(*nfrOf(table.rows[best])) + ") among " +
                            std::to_string(settings) + " setting" + (settings == 1 ? "" : "s") + " within " +
                            tolerance + pointWord + " of the baseline's " + split + " accuracy (" +
                            formatPercent(*baseAccuracy) + ")" +
                            (options.chooseOnTest ? "; optimistic: chosen on test" : "");
        }
        table.choices.push_back(choice);
    }
    return table;
}

std::vector<GroupRow> accuracyGroups(const std::vector<fs::path>& runDirs, double level)
{
    std::vector<fs::path> completed;
    for (const fs::path& dir : runDirs)
        if (RunFolder::open(dir).readStatus().state == RunState::Completed)
            completed.push_back(dir);
    std::vector<GroupRow> rows;
    std::optional<RunPredictions> first;
    for (const RunGroup& group : groupRuns(completed)) {
        GroupRow row;
        row.group = group;
        std::vector<Indicators> correct;
        for (const fs::path& run : group.runs) {
            const RunPredictions p = loadRunPredictions(run);
            if (!first)
                first = p;
            requireSameTestSet(*first, p);
            correct.push_back(toIndicators(p.predictions.eq(p.labels)));
        }
        row.accuracy = estimateRate(correct, level);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace flipbench
