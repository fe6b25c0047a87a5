#include "cli/arguments.h"
#include "cli/commands.h"

#include <flipbench/data/demo_data.h>
#include <flipbench/config/presets.h>
#include <flipbench/runs/run_summary.h>

#include <cstdio>
#include <cstdlib>

namespace flipbench::cli {

namespace {

int64_t positiveInteger(const Arguments& a, const std::string& option, int64_t fallback)
{
    const auto text = a.value(option);
    if (!text)
        return fallback;
    try {
        size_t used = 0;
        const long long value = std::stoll(*text, &used);
        if (used == text->size() && value > 0)
            return value;
    } catch (const std::exception&) {
    }
    throw UsageError{"--" + option + " must be a positive integer, got \"" + *text + "\""};
}

std::string percentOrDash(const std::optional<double>& fraction)
{
    char text[16] = "-";
    if (fraction)
        std::snprintf(text, sizeof text, "%.2f%%", *fraction * 100);
    return text;
}

} // namespace

int commandList(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace"}, {});
    a.requirePositionals(0, "no positional arguments");
    const auto runs = listRuns(a.required("workspace"));
    if (runs.empty()) {
        std::printf("No runs in %s\n", a.required("workspace").c_str());
        return kExitOk;
    }
    // Test accuracy and NFR are those of the last epoch logged; NFR is against the run's reference.
    const char* const format = "%-28s %-12s %-9s %-24s %-15s %-8s %-9s %-9s %s\n";
    std::printf(format, "NAME", "STATUS", "METHOD", "REFERENCE", "MODEL", "EPOCHS", "TEST ACC", "TEST NFR", "CREATED");
    for (const auto& run : runs) {
        const std::string epochs = std::to_string(run.status.epochsDone) + "/" + std::to_string(run.status.epochs);
        const std::string method = run.methodLabel();
        std::string references;
        for (const auto& reference : run.references)
            references += (references.empty() ? "" : ",") + reference;
        std::printf(format, run.name.c_str(), toString(run.status.state).c_str(), method.empty() ? "-" : method.c_str(),
                    references.empty() ? "-" : references.c_str(), run.arch.empty() ? "-" : run.arch.c_str(),
                    epochs.c_str(), percentOrDash(run.testAccuracy).c_str(), percentOrDash(run.testNfr).c_str(),
                    run.status.created.c_str());
        if (run.status.state == RunState::Failed || run.status.state == RunState::Interrupted)
            std::printf("    %s\n", run.status.message.c_str());
    }
    return kExitOk;
}

int commandPresets(const std::vector<std::string>& args)
{
    Arguments(args, {}, {}).requirePositionals(0, "no arguments");
    for (const auto& name : presetNames()) {
        const Preset preset = loadPreset(name);
        std::printf("%s (%zu runs)\n  %s\n", name.c_str(), preset.runs.size(), preset.description.c_str());
    }
    return kExitOk;
}

int commandMakeDemoData(const std::vector<std::string>& args)
{
    const Arguments a(args, {"seed", "train", "test", "label-noise", "ambiguous"}, {});
    a.requirePositionals(1, "DIR");
    DemoDataOptions options;
    const auto share = [&](const char* option, const char* what, double& into) {
        const auto text = a.value(option);
        if (!text)
            return;
        char* end = nullptr;
        into = std::strtod(text->c_str(), &end);
        if (text->empty() || *end != '\0' || !(into >= 0 && into <= 1))
            throw UsageError{std::string("--") + option + " takes a share from 0 to 1 (of " + what + "), got \"" +
                             *text + "\""};
    };
    share("label-noise", "training images given a wrong label", options.trainLabelNoise);
    share("ambiguous", "images showing two shapes, the label naming either", options.ambiguousShare);
    options.seed = static_cast<uint64_t>(positiveInteger(a, "seed", static_cast<int64_t>(options.seed)));
    options.trainSize = positiveInteger(a, "train", options.trainSize);
    options.testSize = positiveInteger(a, "test", options.testSize);
    const auto dir = writeDemoDataset(a.positionals()[0], options);
    std::fprintf(stderr, "Demo data: %lld training and %lld test images, 10 classes\n",
                 static_cast<long long>(options.trainSize), static_cast<long long>(options.testSize));
    std::printf("%s\n", dir.string().c_str());
    return kExitOk;
}

} // namespace flipbench::cli
