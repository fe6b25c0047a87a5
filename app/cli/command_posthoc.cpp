// `posthoc fusion|bcwi OLD NEW`: a compatible model from two trained ones, without retraining
// (flipbench/posthoc). Prints the whole curve of the mixing weight (accuracy and NFR on the
// validation and test splits), the weight chosen on validation, and the new run folder last.

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/interrupt_guard.h"
#include "cli/model_arguments.h"

#include <flipbench/posthoc/logit_fusion.h>
#include <flipbench/posthoc/weight_interpolation.h>
#include <flipbench/util/errors.h>

#include <cstdio>
#include <cstdlib>

namespace flipbench::cli {

namespace {

class StderrNotes final : public ProgressSink {
public:
    void message(const std::string& text) override { std::fprintf(stderr, "%s\n", text.c_str()); }
};

void printCurve(const PosthocCurve& curve, const std::string& parameter)
{
    std::printf("%5s  %12s  %8s  %13s  %9s\n", parameter.c_str(), "val accuracy", "val NFR", "test accuracy",
                "test NFR");
    for (size_t i = 0; i < curve.points.size(); ++i) {
        const PosthocPoint& p = curve.points[i];
        std::printf("%5g  %11.2f%%  %7.2f%%  %12.2f%%  %8.2f%%%s\n", p.weight, p.valAccuracy * 100, p.valNfr * 100,
                    p.testAccuracy * 100, p.testNfr * 100, i == curve.chosen ? "  <- chosen" : "");
    }
    std::printf("Chosen on validation: %s\n", curve.reason.c_str());
}

} // namespace

int commandPosthoc(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace", "name", "grid", "tolerance", "threads"}, {});
    a.requirePositionals(3, "fusion|bcwi OLD NEW");
    const std::string kind = a.positionals()[0];
    if (kind != "fusion" && kind != "bcwi")
        throw UsageError{"posthoc takes fusion (old/new logit fusion) or bcwi (weight interpolation), got \"" + kind +
                         "\""};
    PosthocRequest request;
    request.workspace = a.required("workspace");
    const auto workspace = a.value("workspace");
    request.oldRun = resolveRun(a.positionals()[1], workspace, "OLD");
    request.newRun = resolveRun(a.positionals()[2], workspace, "NEW");
    request.name = a.value("name").value_or("");
    if (const auto grid = a.value("grid"))
        request.grid = parseWeightGrid(*grid);
    if (const auto tolerance = a.value("tolerance")) {
        char* end = nullptr;
        const double points = std::strtod(tolerance->c_str(), &end);
        if (tolerance->empty() || *end != '\0' || !(points >= 0) || points > 100)
            throw UsageError{"--tolerance takes accuracy points (0 to 100), e.g. 1 or 0.5, got \"" + *tolerance + "\""};
        request.tolerance = points / 100;
    }
    if (const auto threads = a.value("threads")) {
        char* end = nullptr;
        const long n = std::strtol(threads->c_str(), &end, 10);
        if (threads->empty() || *end != '\0' || n < 1 || n > 1024)
            throw UsageError{"--threads takes a number of threads (1 to 1024), got \"" + *threads + "\""};
        request.threads = static_cast<int>(n);
    }

    PosthocResult result;
    if (kind == "fusion") {
        result = fuseLogits(request);
    } else {
        CancelToken cancel;
        const InterruptGuard guard(cancel);
        StderrNotes notes;
        result = interpolateWeights(request, notes, cancel);
    }
    printCurve(result.curve, kind == "fusion" ? "b" : "a");
    std::printf("%s\n", result.run.string().c_str());
    return kExitOk;
}

} // namespace flipbench::cli
