#include "cli/arguments.h"
#include "cli/commands.h"

#include <flipbench/demo_data.h>
#include <flipbench/presets.h>
#include <flipbench/run_store.h>

#include <cstdio>

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
    std::printf("%-28s %-12s %-15s %-8s %-9s %s\n", "NAME", "STATUS", "MODEL", "EPOCHS", "TEST ACC", "CREATED");
    for (const auto& run : runs) {
        const std::string epochs = std::to_string(run.status.epochsDone) + "/" + std::to_string(run.status.epochs);
        char accuracy[16] = "-";
        if (run.testAccuracy)
            std::snprintf(accuracy, sizeof accuracy, "%.2f%%", *run.testAccuracy * 100);
        std::printf("%-28s %-12s %-15s %-8s %-9s %s\n", run.name.c_str(), toString(run.status.state).c_str(),
                    run.arch.c_str(), epochs.c_str(), accuracy, run.status.created.c_str());
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
    const Arguments a(args, {"seed", "train", "test"}, {});
    a.requirePositionals(1, "DIR");
    DemoDataOptions options;
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
