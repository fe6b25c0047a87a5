// `check`: the update gate. Compares NEW against OLD exactly as `compare` does, sets the figures
// against the rules given on the command line (flipbench/gate) and exits 0 (may ship), 1 (a rule
// fails) or 2 (usage or data error), so a CI job can stop a release on it.

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/model_arguments.h"

#include <flipbench/compare/model_comparison.h>
#include <flipbench/gate/gate_report.h>
#include <flipbench/gate/protected_samples.h>
#include <flipbench/gate/update_gate.h>
#include <flipbench/runs/run_summary.h>
#include <flipbench/util/atomic_file.h>
#include <flipbench/util/errors.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace flipbench::cli {

namespace {

namespace fs = std::filesystem;

/// A percentage as users type it ("0.5" or "0.5%"), as a fraction. `allowNegative` for a change.
double percentOption(const std::string& option, const std::string& text, bool allowNegative)
{
    std::string number = text;
    if (!number.empty() && number.back() == '%')
        number.pop_back();
    char* end = nullptr;
    const double value = number.empty() ? NAN : std::strtod(number.c_str(), &end);
    if (number.empty() || *end != '\0' || !std::isfinite(value))
        throw UsageError{"--" + option + " takes a percentage, e.g. 0.5 or 0.5% (of the test set), got \"" + text +
                         "\""};
    if (!allowNegative && (value < 0 || value > 100))
        throw UsageError{"--" + option + " must lie between 0 and 100 (percent), got " + text};
    return value / 100;
}

/// --max-class-nf CLASS=K (at most K flips) or CLASS=P% (at most P% of the class's samples).
ClassFlipLimit classLimitOption(const std::string& text)
{
    const size_t equals = text.rfind('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
        throw UsageError{"--max-class-nf takes CLASS=K (at most K negative flips in that class) or CLASS=P% (at most "
                         "P% of its test samples), e.g. cat=3 or 3=2% or *=5 for every class; got \"" +
                         text + "\""};
    ClassFlipLimit limit;
    limit.className = text.substr(0, equals);
    const std::string value = text.substr(equals + 1);
    if (value.back() == '%') {
        limit.isRate = true;
        limit.limit = percentOption("max-class-nf", value, false);
        return limit;
    }
    char* end = nullptr;
    const long long count = std::strtoll(value.c_str(), &end, 10);
    if (*end != '\0' || count < 0)
        throw UsageError{"--max-class-nf " + text +
                         ": the limit is a count of flips (a whole number >= 0) or a "
                         "percentage ending in %"};
    limit.limit = static_cast<double>(count);
    return limit;
}

} // namespace

int commandCheck(const std::vector<std::string>& args)
{
    const Arguments a(args,
                      {"workspace", "max-nfr", "max-nfr-over-floor", "baseline", "max-class-nf", "min-accuracy-delta",
                       "max-nfr-upper", "protect", "junit"},
                      {"json"});
    a.requirePositionals(2, "OLD NEW");
    GateRules rules;
    if (const auto v = a.value("max-nfr"))
        rules.maxNfr = percentOption("max-nfr", *v, false);
    if (const auto v = a.value("max-nfr-over-floor"))
        rules.maxNfrOverFloor = percentOption("max-nfr-over-floor", *v, true);
    for (const std::string& v : a.values("max-class-nf"))
        rules.classLimits.push_back(classLimitOption(v));
    if (const auto v = a.value("min-accuracy-delta"))
        rules.minAccuracyDelta = percentOption("min-accuracy-delta", *v, true);
    if (const auto v = a.value("max-nfr-upper"))
        rules.maxNfrUpper = percentOption("max-nfr-upper", *v, false);
    if (const auto v = a.value("protect")) {
        rules.protectedSamples = readProtectedSamples(*v);
        rules.protectedFile = *v;
    }
    if (!rules.any())
        throw UsageError{"check needs at least one rule (--max-nfr, --max-nfr-over-floor, --max-class-nf, "
                         "--min-accuracy-delta, --max-nfr-upper or --protect): without one every model would pass"};
    const auto workspace = a.value("workspace");
    if (a.value("baseline") && !rules.maxNfrOverFloor)
        throw UsageError{"--baseline names the group whose noise floor --max-nfr-over-floor uses; give that rule too"};
    if (rules.maxNfrOverFloor && !workspace)
        throw UsageError{"--max-nfr-over-floor measures the noise floor of the baseline group in a workspace: give "
                         "--workspace DIR"};

    const ModelSource oldModel = resolveModel(a.positionals()[0], workspace, "OLD");
    const ModelSource newModel = resolveModel(a.positionals()[1], workspace, "NEW");
    const ModelComparison c = compareModelSources(oldModel, newModel);
    if (!c.note.empty())
        std::fprintf(stderr, "%s\n", c.note.c_str());

    std::optional<GateNoiseFloor> floor;
    if (rules.maxNfrOverFloor) {
        std::vector<fs::path> runs;
        for (const RunSummary& run : listRuns(*workspace))
            runs.push_back(run.dir);
        std::optional<fs::path> old;
        std::error_code ec;
        if (!oldModel.ensemble && fs::is_directory(oldModel.members.front(), ec))
            old = fs::absolute(oldModel.members.front());
        floor = baselineNoiseFloor(runs, a.value("baseline").value_or(""), old);
    }
    const GateVerdict verdict = evaluateGate(c, rules, floor);

    if (const auto junit = a.value("junit"))
        writeTextAtomically(*junit, gateJUnitXml(verdict));
    if (a.flag("json"))
        std::printf("%s\n", gateVerdictJson(verdict).dump(2).c_str());
    else
        for (const std::string& line : describeGateVerdict(verdict))
            std::printf("%s\n", line.c_str());
    return verdict.passed() ? kExitOk : kExitRunFailed;
}

} // namespace flipbench::cli
