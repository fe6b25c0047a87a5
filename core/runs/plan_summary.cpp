#include "flipbench/runs/plan_summary.h"

#include "flipbench/util/errors.h"
#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/runs/run_predictions.h"
#include "flipbench/runs/run_store.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <map>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

std::string methodHint(const std::string& method)
{
    if (method == "fd")
        return "try a lower method.kd_loss_weight, a lower method.fd.temperature (KL is scaled by T^2), or "
               "method.kd_alpha nearer 0";
    return "try a lower method.kd_loss_weight or a larger method.ldi.margin";
}

std::string verdictFor(const PlanRunResult& run, double baselineNfr)
{
    const double change = *run.nfrChange;
    const double noise = *run.nfrNoise;
    const std::string nfrs =
        "NFR " + formatPercent(*run.nfr) + " against " + formatPercent(baselineNfr) + " for plain retraining";
    const std::string accuracy = "accuracy " + formatPoints(*run.accuracyChange);
    if (change < -noise) {
        const double relative = baselineNfr > 0 ? -change / baselineNfr * 100 : 0;
        char cut[32];
        std::snprintf(cut, sizeof cut, "%.0f%%", relative);
        std::string text = "fewer regressions: " + nfrs + " (" + cut + " fewer negative flips), " + accuracy;
        if (*run.accuracyChange < -0.01)
            text += "; the cut costs more than a point of accuracy";
        return text;
    }
    if (change > noise)
        return "more regressions than retraining: " + nfrs + ", " + accuracy + "; " + methodHint(run.method);
    return "no clear difference from retraining: " + nfrs + " is within the noise (" + formatPoints(noise).substr(1) +
           " on this test set), " + accuracy;
}

std::string referenceName(const nlohmann::json& method)
{
    std::string joined;
    for (const auto& reference : method.value("reference", std::vector<std::string>{}))
        joined += (joined.empty() ? "" : " + ") + fs::path(reference).filename().string();
    return joined;
}

} // namespace

std::string formatPercent(double rate)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", rate * 100);
    return text;
}

std::string formatPoints(double change)
{
    char text[32];
    std::snprintf(text, sizeof text, "%+.2f points", change * 100);
    return text;
}

PlanSummary summarizePlan(const std::vector<fs::path>& runDirs)
{
    PlanSummary summary;
    struct Loaded {
        RunPredictions predictions;
        std::vector<std::string> references; ///< run folders
    };
    std::map<std::string, Loaded> loaded; ///< by run name
    std::map<std::string, RunPredictions> referenceCache;
    const auto referenceLogits = [&](const std::vector<std::string>& references) {
        std::vector<torch::Tensor> members;
        for (const auto& dir : references) {
            auto it = referenceCache.find(dir);
            if (it == referenceCache.end())
                it = referenceCache.emplace(dir, loadRunPredictions(dir)).first;
            members.push_back(it->second.logits);
        }
        return ensembleLogits(members);
    };

    for (const fs::path& dir : runDirs) {
        const RunFolder run = RunFolder::open(dir);
        const auto config = run.readJson("config.json");
        const nlohmann::json method = config.value("method", nlohmann::json::object());
        PlanRunResult result;
        result.name = run.name();
        result.method = method.value("name", "baseline");
        result.reference = referenceName(method);
        const RunStatus status = run.readStatus();
        if (status.state != RunState::Completed) {
            result.completed = false;
            result.verdict = "did not complete (" + toString(status.state) + "): no result";
            summary.runs.push_back(result);
            continue;
        }
        Loaded entry{loadRunPredictions(dir), method.value("reference", std::vector<std::string>{})};
        const auto& p = entry.predictions;
        result.accuracy = p.predictions.eq(p.labels).to(torch::kFloat64).mean().item<double>();
        summary.testSamples = p.labels.size(0);
        if (!entry.references.empty()) {
            const FlipReport flips = compareLogits(referenceLogits(entry.references), p.logits, p.labels);
            result.nfr = flips.nfr;
            result.pfr = flips.pfr;
        }
        loaded.emplace(result.name, std::move(entry));
        summary.runs.push_back(result);
    }

    // The plan's new baseline: a baseline trained against an old model (the retraining that FD and
    // LDI must beat). With several, each FD/LDI run is measured against the one with its reference.
    for (auto& run : summary.runs) {
        if (run.method == "baseline" || !run.nfr)
            continue;
        const PlanRunResult* baseline = nullptr;
        for (const auto& candidate : summary.runs)
            if (candidate.method == "baseline" && candidate.nfr && candidate.reference == run.reference)
                baseline = &candidate;
        if (!baseline) {
            run.verdict = "no baseline trained against " + run.reference + " in this plan to compare with";
            continue;
        }
        summary.baseline = baseline->name;
        run.accuracyChange = run.accuracy - baseline->accuracy;
        run.nfrChange = *run.nfr - *baseline->nfr;
        run.pfrChange = *run.pfr - *baseline->pfr;
        const double n = static_cast<double>(std::max<int64_t>(summary.testSamples, 1));
        const double a = *run.nfr, b = *baseline->nfr;
        run.nfrNoise = 1.96 * std::sqrt((a * (1 - a) + b * (1 - b)) / n);
        run.verdict = verdictFor(run, *baseline->nfr);
    }
    return summary;
}

std::vector<std::string> describePlanSummary(const PlanSummary& summary)
{
    std::vector<std::string> lines;
    char line[256];
    std::snprintf(line, sizeof line, "%-28s %-8s %9s %9s %9s", "run", "method", "accuracy", "NFR", "PFR");
    lines.push_back(line);
    for (const auto& run : summary.runs) {
        const std::string acc = run.completed ? formatPercent(run.accuracy) : "-";
        std::snprintf(line, sizeof line, "%-28s %-8s %9s %9s %9s", run.name.c_str(), run.method.c_str(), acc.c_str(),
                      run.nfr ? formatPercent(*run.nfr).c_str() : "-", run.pfr ? formatPercent(*run.pfr).c_str() : "-");
        lines.push_back(line);
    }
    for (const auto& run : summary.runs)
        if (!run.verdict.empty())
            lines.push_back(run.name + ": " + run.verdict);
    if (!summary.baseline.empty())
        lines.push_back("One seed each, on " + std::to_string(summary.testSamples) +
                        " test images: differences within the noise are not evidence; repeat with other seeds.");
    return lines;
}

} // namespace flipbench
