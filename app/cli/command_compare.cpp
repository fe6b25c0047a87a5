// `compare` and `pairwise`: thin printers of the core's comparisons (flipbench/compare), the same
// functions the GUI's Compare view and All runs tab call, so both front ends show equal numbers.

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/model_arguments.h"

#include <flipbench/compare/model_comparison.h>
#include <flipbench/compare/pairwise_comparison.h>
#include <flipbench/compare/pareto_front.h>
#include <flipbench/metrics/flip_metrics.h>
#include <flipbench/util/errors.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <tuple>

namespace flipbench::cli {

namespace {

namespace fs = std::filesystem;

void printHuman(const ModelComparison& c)
{
    const FlipReport& r = c.report;
    const FlipTable& t = r.table;
    std::printf("A (old): %s\nB (new): %s\nTest set: %lld samples, %s\n\n", c.nameA.c_str(), c.nameB.c_str(),
                static_cast<long long>(r.samples), c.fingerprint.c_str());
    std::printf("  accuracy A   %6.2f%%\n  accuracy B   %6.2f%%   (%+.2f points)\n", r.accA * 100, r.accB * 100,
                (r.accB - r.accA) * 100);
    std::printf("  NFR          %6.2f%%   negative flips / samples (A right, B wrong)\n", r.nfr * 100);
    std::printf("  PFR          %6.2f%%   positive flips / samples (A wrong, B right)\n", r.pfr * 100);
    std::printf("  NFI          %6.2f%%   negative flips / B's errors\n", r.nfi * 100);
    std::printf("  BTC          %6.2f%%   both correct / A correct\n", r.btc * 100);
    std::printf("  BEC          %6.2f%%   both wrong / B wrong\n\n", r.bec * 100);
    std::printf("                 B correct   B wrong\n");
    std::printf("  A correct     %9lld %9lld\n", static_cast<long long>(t.bothCorrect),
                static_cast<long long>(t.negativeFlips));
    std::printf("  A wrong       %9lld %9lld\n", static_cast<long long>(t.positiveFlips),
                static_cast<long long>(t.bothWrong));

    // The classes that regress most, so a reader sees where the flips are without the GUI.
    std::vector<std::tuple<int64_t, size_t, size_t>> cells;
    for (size_t i = 0; i < r.negativeFlipMatrix.size(); ++i)
        for (size_t j = 0; j < r.negativeFlipMatrix[i].size(); ++j)
            if (r.negativeFlipMatrix[i][j] > 0)
                cells.emplace_back(r.negativeFlipMatrix[i][j], i, j);
    std::sort(cells.rbegin(), cells.rend());
    if (!cells.empty())
        std::printf("\nMost frequent negative flips (true class -> B's prediction):\n");
    auto className = [&](size_t k) { return k < c.classNames.size() ? c.classNames[k] : std::to_string(k); };
    for (size_t k = 0; k < std::min<size_t>(cells.size(), 5); ++k)
        std::printf("  %-12s -> %-12s %lld\n", className(std::get<1>(cells[k])).c_str(),
                    className(std::get<2>(cells[k])).c_str(), static_cast<long long>(std::get<0>(cells[k])));
}

/// A probability for JSON: null when the side has no logits (NaN is not JSON).
nlohmann::json probabilityJson(float p)
{
    return std::isnan(p) ? nlohmann::json(nullptr) : nlohmann::json(p);
}

/// The gallery's table, one row per test sample: CSV with a header, or one JSON object per line.
/// p_true columns are empty (CSV) or null (JSON) when a side has predicted classes only.
void printSamples(const ModelComparison& c, bool json)
{
    if (!json)
        std::printf("index,label,pred_a,pred_b,p_true_a,p_true_b,outcome\n");
    for (const SampleOutcome& s : c.samples) {
        if (json) {
            const nlohmann::json row = {{"index", s.index},
                                        {"label", s.label},
                                        {"pred_a", s.predA},
                                        {"pred_b", s.predB},
                                        {"p_true_a", probabilityJson(s.pTrueA)},
                                        {"p_true_b", probabilityJson(s.pTrueB)},
                                        {"outcome", toString(s.outcome())}};
            std::printf("%s\n", row.dump().c_str());
            continue;
        }
        auto probability = [](float p) {
            if (std::isnan(p))
                return std::string();
            char text[32];
            std::snprintf(text, sizeof text, "%.9g", static_cast<double>(p)); // a float, exactly
            return std::string(text);
        };
        std::printf("%d,%d,%d,%d,%s,%s,%s\n", s.index, s.label, s.predA, s.predB, probability(s.pTrueA).c_str(),
                    probability(s.pTrueB).c_str(), toString(s.outcome()));
    }
}

/// The JSON "run_a"/"run_b" fields; an ensemble also lists its members.
void addSide(nlohmann::json& json, const char* key, const ModelSource& source, const std::string& path,
             const std::string& name)
{
    json[std::string("run_") + key] = path;
    json[std::string("name_") + key] = name;
    if (source.ensemble) {
        nlohmann::json members = nlohmann::json::array();
        for (const auto& member : source.members)
            members.push_back(member.string());
        json[std::string("ensemble_") + key] = members;
    }
}

} // namespace

int commandCompare(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace"}, {"json", "samples"});
    a.requirePositionals(2, "RUN_A RUN_B");
    const auto workspace = a.value("workspace");
    const ModelSource sourceA = resolveModel(a.positionals()[0], workspace, "RUN_A (old)");
    const ModelSource sourceB = resolveModel(a.positionals()[1], workspace, "RUN_B (new)");
    // The same call as the GUI's Compare view: logits or predictions, class count, outcomes.
    const ModelComparison c = compareModelSources(sourceA, sourceB);
    if (!c.note.empty())
        std::fprintf(stderr, "%s\n", c.note.c_str());
    if (a.flag("samples")) {
        printSamples(c, a.flag("json"));
    } else if (a.flag("json")) {
        nlohmann::json json = toJson(c.report, false);
        addSide(json, "a", sourceA, c.pathA, c.nameA);
        addSide(json, "b", sourceB, c.pathB, c.nameB);
        json["fingerprint"] = c.fingerprint;
        json["class_names"] = c.classNames;
        if (!c.note.empty())
            json["test_set_match"] = c.note;
        std::printf("%s\n", json.dump(2).c_str());
    } else {
        printHuman(c);
    }
    return kExitOk;
}

int commandPairwise(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace"}, {"json", "csv"});
    a.requireAtLeastPositionals(2, "RUN RUN [RUN ...]");
    if (a.flag("json") && a.flag("csv"))
        throw UsageError{"--json and --csv are two formats of the same table; choose one"};
    const auto workspace = a.value("workspace");
    std::vector<ModelSource> models;
    for (size_t i = 0; i < a.positionals().size(); ++i)
        models.push_back(resolveModel(a.positionals()[i], workspace, "RUN " + std::to_string(i + 1)));
    // The same call as the GUI's All runs tab.
    const PairwiseComparison p = comparePairwise(models);
    const size_t n = p.names.size();

    if (a.flag("json")) {
        nlohmann::json runs = nlohmann::json::array();
        for (size_t i = 0; i < n; ++i)
            runs.push_back({{"name", p.names[i]}, {"path", models[i].describe()}, {"accuracy", p.accuracy[i]}});
        const nlohmann::json json = {{"runs", runs}, {"nfr", p.nfr}};
        std::printf("%s\n", json.dump(2).c_str());
        return kExitOk;
    }
    if (a.flag("csv")) {
        // Row = old model, column = new model; fractions with round-trip precision.
        std::printf("old,accuracy");
        for (const auto& name : p.names)
            std::printf(",%s", name.c_str());
        std::printf("\n");
        for (size_t i = 0; i < n; ++i) {
            std::printf("%s,%.17g", p.names[i].c_str(), p.accuracy[i]);
            for (size_t j = 0; j < n; ++j)
                std::printf(",%.17g", p.nfr[i][j]);
            std::printf("\n");
        }
        return kExitOk;
    }
    std::printf("NFR (%%) with the row's run as old and the column's as new:\n\n");
    size_t width = 8;
    for (const auto& name : p.names)
        width = std::max(width, name.size() + 2);
    std::printf("%-*s %9s", static_cast<int>(width), "old \\ new", "accuracy");
    for (size_t j = 0; j < n; ++j)
        std::printf(" %8s", ("[" + std::to_string(j + 1) + "]").c_str());
    std::printf("\n");
    for (size_t i = 0; i < n; ++i) {
        const std::string label = "[" + std::to_string(i + 1) + "] " + p.names[i];
        std::printf("%-*s %8.2f%%", static_cast<int>(width + 4), label.c_str(), p.accuracy[i] * 100);
        for (size_t j = 0; j < n; ++j) {
            if (i == j)
                std::printf(" %8s", "-");
            else
                std::printf(" %7.2f%%", p.nfr[i][j] * 100);
        }
        std::printf("\n");
    }
    // The trade-off against the first run, as the GUI's scatter shows it for its reference.
    const Tradeoff tradeoff = tradeoffAgainst(p, 0);
    std::string front;
    for (const TradeoffPoint& point : tradeoff.points)
        if (point.onFront)
            front += (front.empty() ? "" : ", ") + p.names[static_cast<size_t>(point.model)];
    std::printf("\nPareto front against %s (higher accuracy, fewer negative flips): %s\n", p.names.front().c_str(),
                front.empty() ? "-" : front.c_str());
    return kExitOk;
}

} // namespace flipbench::cli
