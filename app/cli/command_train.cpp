#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/interrupt_guard.h"
#include "cli/terminal_progress.h"

#include <flipbench/util/atomic_file.h>
#include <flipbench/data/data_folder.h>
#include <flipbench/util/errors.h>
#include <flipbench/util/json_document.h>
#include <flipbench/pytorch/model_import.h>
#include <flipbench/config/notebook_hyperparameters.h>
#include <flipbench/runs/plan_membership.h>
#include <flipbench/runs/plan_summary.h>
#include <flipbench/config/presets.h>
#include <flipbench/runs/run_session.h>
#include <flipbench/training/trainer.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <cstdio>

namespace fs = std::filesystem;

namespace flipbench::cli {

namespace {

int trainPrepared(PreparedRun& prepared)
{
    CancelToken cancel;
    TrainOutcome outcome;
    {
        const InterruptGuard interrupts(cancel); // Ctrl-C cancels at the next batch; the checkpoint stays
        TerminalProgress progress(stderr);
        outcome = trainRun(prepared.folder, prepared.config, prepared.data, progress, cancel);
    }

    std::fprintf(stderr, "%s: %s\n", toString(outcome.state).c_str(), outcome.message.c_str());
    std::printf("%s\n", prepared.folder.dir().string().c_str());
    std::fflush(stdout);
    return outcome.state == RunState::Completed ? kExitOk : kExitRunFailed;
}

nlohmann::json parseJsonFile(const fs::path& file)
{
    return readJsonDocument(file);
}

RunConfig readConfigFile(const fs::path& configFile)
{
    const nlohmann::json json = parseJsonFile(configFile);
    try {
        RunConfig config = parseRunConfig(json);
        // A relative data path in a config file means relative to that file, wherever it is run from.
        if (!config.data.path.empty() && fs::path(config.data.path).is_relative())
            config.data.path = (fs::absolute(configFile).parent_path() / config.data.path).lexically_normal().string();
        return config;
    } catch (const ConfigError& e) {
        throw ConfigError(configFile.string() + ": " + e.what());
    }
}

/// --hyperparameters: the seed notebook's dictionary. kd_model_path entries that name PyTorch files
/// are imported into the workspace first; each reference is checked against kd_model_arch and
/// kd_model_num_classes as the reference implementation would load it.
RunConfig configFromNotebook(const fs::path& file, const fs::path& workspace, const std::string& dataPath)
{
    NotebookMapping mapping;
    try {
        mapping = mapNotebookHyperparameters(parseJsonFile(file));
    } catch (const ConfigError& e) {
        throw ConfigError(file.string() + ": " + e.what());
    }
    for (const auto& note : mapping.notes)
        std::fprintf(stderr, "note: %s\n", note.c_str());
    mapping.config.data.path = dataPath;
    const auto sources = locateNotebookReferences(mapping, workspace);
    for (const auto& source : sources) {
        if (source.kind == NotebookReferenceSource::Kind::Run)
            checkNotebookReferenceRun(mapping, source.path);
        else // the import needs the data's class count; check it before anything is written
            checkNotebookReference(mapping, source.path.filename().string(), mapping.referenceArch,
                                   static_cast<int64_t>(inspectDataFolder(dataPath).classNames.size()));
    }
    for (const auto& source : sources) {
        std::fprintf(stderr, "note: %s\n", source.note.c_str());
        if (source.kind == NotebookReferenceSource::Kind::Run) {
            mapping.config.method.reference.push_back(source.path.string());
            continue;
        }
        ImportRequest request;
        request.file = source.path;
        request.arch = mapping.referenceArch;
        request.workspace = workspace;
        request.dataPath = dataPath;
        request.name = source.path.stem().string() + "-imported";
        const RunFolder imported = importModel(request);
        std::fprintf(stderr, "%s\n", imported.readStatus().message.c_str());
        mapping.config.method.reference.push_back(imported.dir().string());
    }
    return mapping.config;
}

/// --preset: every run of the plan in order; a run whose reference did not complete is skipped.
int trainPreset(const std::string& name, const fs::path& workspace, const std::optional<std::string>& dataPath)
{
    const Preset preset = loadPreset(name);
    std::fprintf(stderr, "Preset %s: %zu runs. %s\n", preset.name.c_str(), preset.runs.size(),
                 preset.description.c_str());
    std::map<std::string, std::string> trained;
    std::vector<fs::path> planRuns;
    int exitCode = kExitOk;
    PlanMembership plan;
    plan.label = preset.name;
    plan.size = int(preset.runs.size());
    for (int position = 0; position < int(preset.runs.size()); ++position) {
        RunConfig config = preset.runs[size_t(position)];
        if (dataPath)
            config.data.path = *dataPath;
        resolvePlanReferences(config, trained);
        const auto missing = std::find_if(config.method.reference.begin(), config.method.reference.end(),
                                          [&](const std::string& r) { return !fs::path(r).is_absolute(); });
        if (missing != config.method.reference.end()) {
            std::fprintf(stderr, "skipped %s: its reference %s did not complete\n", config.name.c_str(),
                         missing->c_str());
            exitCode = kExitRunFailed;
            continue;
        }
        importImagesBeforeTraining(config.data.path);
        PreparedRun prepared = prepareNewRun(config, workspace);
        if (preset.runs.size() > 1) {
            // The same plan.json the GUI writes, so its run table groups the plan's runs.
            if (plan.plan.empty())
                plan.plan = prepared.folder.dir().filename().string();
            plan.position = position;
            try {
                writePlanMembership(prepared.folder.dir(), plan);
            } catch (const std::exception& e) { // the run trains all the same, only ungrouped
                std::fprintf(stderr, "warning: %s\n", e.what());
            }
        }
        const int code = trainPrepared(prepared);
        planRuns.push_back(prepared.folder.dir());
        if (code == kExitOk)
            trained[config.name] = prepared.folder.dir().string();
        else
            exitCode = code;
        if (prepared.folder.readStatus().state == RunState::Cancelled)
            break; // Ctrl-C stops the whole plan
    }
    if (planRuns.size() > 1) {
        std::fprintf(stderr, "\nPlan %s, test set results:\n", preset.name.c_str());
        for (const auto& line : describePlanSummary(summarizePlan(planRuns)))
            std::fprintf(stderr, "  %s\n", line.c_str());
    }
    return exitCode;
}

/// --run: what a cluster task runs. A completed run (a task run again after it finished) is done;
/// anything else starts or resumes from its last checkpoint.
int trainRunFolder(const fs::path& runDir)
{
    const RunFolder folder = RunFolder::open(runDir);
    const RunStatus status = folder.readStatus();
    if (status.state == RunState::Completed) {
        std::fprintf(stderr, "%s has completed all %d epochs before; nothing to train\n", folder.name().c_str(),
                     status.epochsDone);
        std::printf("%s\n", folder.dir().string().c_str());
        return kExitOk;
    }
    if (status.state != RunState::Queued)
        std::fprintf(stderr, "%s: %s at epoch %d/%d; resuming from its last checkpoint\n", folder.name().c_str(),
                     toString(status.state).c_str(), status.epochsDone, status.epochs);
    PreparedRun prepared = prepareResume(runDir);
    return trainPrepared(prepared);
}

} // namespace

int commandTrain(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace", "data", "hyperparameters", "preset", "run"}, {});
    if (const auto run = a.value("run")) {
        if (!a.positionals().empty() || a.value("workspace") || a.value("hyperparameters") || a.value("preset") ||
            a.value("data"))
            throw UsageError{"--run RUN_DIR trains the run folder as it is; give it alone"};
        return trainRunFolder(*run);
    }
    const fs::path workspace = a.required("workspace");
    const auto dataOption = a.value("data");
    const std::optional<std::string> dataPath =
        dataOption ? std::optional<std::string>(fs::absolute(*dataOption).string()) : std::nullopt;
    const int sources =
        static_cast<int>(a.positionals().size()) + (a.value("hyperparameters") ? 1 : 0) + (a.value("preset") ? 1 : 0);
    if (sources != 1)
        throw UsageError{"give exactly one of CONFIG.json, --hyperparameters FILE or --preset NAME"};

    if (const auto preset = a.value("preset"))
        return trainPreset(*preset, workspace, dataPath);
    RunConfig config;
    if (const auto hyperparameters = a.value("hyperparameters")) {
        if (!dataPath)
            throw UsageError{"--hyperparameters needs --data DIR (the notebook's dictionary names no data folder)"};
        config = configFromNotebook(*hyperparameters, workspace, *dataPath);
    } else {
        config = readConfigFile(a.positionals()[0]);
        if (dataPath)
            config.data.path = *dataPath;
    }
    importImagesBeforeTraining(config.data.path);
    PreparedRun prepared = prepareNewRun(config, workspace);
    return trainPrepared(prepared);
}

int commandResume(const std::vector<std::string>& args)
{
    const Arguments a(args, {}, {});
    a.requirePositionals(1, "RUN_DIR");
    PreparedRun prepared = prepareResume(a.positionals()[0]);
    return trainPrepared(prepared);
}

} // namespace flipbench::cli
