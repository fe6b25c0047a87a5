#include "cli/arguments.h"
#include "cli/commands.h"

#include <flipbench/util/errors.h>
#include <flipbench/metrics/flip_metrics.h>
#include <flipbench/runs/run_predictions.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace flipbench::cli {

namespace {

namespace fs = std::filesystem;

void printHuman(const RunPredictions& a, const RunPredictions& b, const FlipReport& r)
{
    const FlipTable& t = r.table;
    std::printf("A (old): %s\nB (new): %s\nTest set: %lld samples, %s\n\n", a.name.c_str(), b.name.c_str(),
                static_cast<long long>(r.samples), (a.fingerprint.empty() ? b.fingerprint : a.fingerprint).c_str());
    std::printf("  accuracy A   %6.2f%%\n  accuracy B   %6.2f%%   (%+.2f points)\n", r.accA * 100, r.accB * 100,
                (r.accB - r.accA) * 100);
    std::printf("  NFR          %6.2f%%   negative flips / samples (A right, B wrong)\n", r.nfr * 100);
    std::printf("  PFR          %6.2f%%   positive flips / samples (A wrong, B right)\n", r.pfr * 100);
    std::printf("  NFI          %6.2f%%   negative flips / B's errors\n", r.nfi * 100);
    std::printf("  BTC          %6.2f%%   both correct / A correct\n", r.btc * 100);
    std::printf("  BEC          %6.2f%%   both wrong / A wrong\n\n", r.bec * 100);
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
    const auto& names = a.classNames.empty() ? b.classNames : a.classNames;
    auto className = [&](size_t c) { return c < names.size() ? names[c] : std::to_string(c); };
    for (size_t k = 0; k < std::min<size_t>(cells.size(), 5); ++k)
        std::printf("  %-12s -> %-12s %lld\n", className(std::get<1>(cells[k])).c_str(),
                    className(std::get<2>(cells[k])).c_str(), static_cast<long long>(std::get<0>(cells[k])));
}

/// A run as given: with --workspace, a NAME there (as `list` shows it, and as the GUI's --compare
/// takes it); otherwise, or when there is no such run, a run folder or .result file path.
fs::path resolveRun(const std::string& given, const std::optional<std::string>& workspace, const std::string& role)
{
    const fs::path path(given);
    if (!workspace || path.is_absolute())
        return path;
    std::error_code ec;
    if (!fs::is_directory(*workspace, ec))
        throw UserError("Workspace " + *workspace + " does not exist or is not a folder");
    const fs::path named = fs::path(*workspace) / path;
    if (fs::exists(named, ec))
        return named;
    if (fs::exists(path, ec))
        return path;
    throw UserError(role + ": no run named \"" + given + "\" in workspace " + *workspace +
                    ", and no file or folder of that name here; `flipbench-cli list --workspace " + *workspace +
                    "` shows the workspace's runs");
}

} // namespace

int commandCompare(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace"}, {"json", "samples"});
    a.requirePositionals(2, "RUN_A RUN_B");
    const auto workspace = a.value("workspace");
    const RunPredictions runA = loadPredictions(resolveRun(a.positionals()[0], workspace, "RUN_A (old)"));
    const RunPredictions runB = loadPredictions(resolveRun(a.positionals()[1], workspace, "RUN_B (new)"));
    const std::string matchNote = requireSameTestSet(runA, runB);
    const int64_t numClasses =
        runA.logits.defined() ? runA.logits.size(1)
        : runB.logits.defined()
            ? runB.logits.size(1)
            : std::max({runA.predictions.max().item<int64_t>(), runB.predictions.max().item<int64_t>(),
                        runA.labels.max().item<int64_t>()}) +
                  1;
    // Probabilities need logits on both sides; a .result without "outputs" gives predictions only.
    const FlipReport report = runA.logits.defined() && runB.logits.defined()
                                  ? compareLogits(runA.logits, runB.logits, runA.labels)
                                  : comparePredictions(runA.predictions, runB.predictions, runA.labels, numClasses);
    if (!matchNote.empty())
        std::fprintf(stderr, "%s\n", matchNote.c_str());
    if (a.flag("json")) {
        nlohmann::json json = toJson(report, a.flag("samples"));
        json["run_a"] = runA.dir.string();
        json["run_b"] = runB.dir.string();
        json["fingerprint"] = runA.fingerprint.empty() ? runB.fingerprint : runA.fingerprint;
        json["class_names"] = runA.classNames.empty() ? runB.classNames : runA.classNames;
        if (!matchNote.empty())
            json["test_set_match"] = matchNote;
        std::printf("%s\n", json.dump(2).c_str());
    } else {
        printHuman(runA, runB, report);
    }
    return kExitOk;
}

} // namespace flipbench::cli
