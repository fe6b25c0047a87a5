#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/terminal_progress.h"

#include <flipbench/atomic_file.h>
#include <flipbench/errors.h>
#include <flipbench/run_session.h>
#include <flipbench/trainer.h>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>

namespace fs = std::filesystem;

namespace flipbench::cli {

namespace {

std::atomic<bool>* gCancelFlag = nullptr;

extern "C" void onInterrupt(int)
{
    // First Ctrl-C: cancel cleanly at the next batch. A second one falls through to the default
    // handler and ends the process (the last checkpoint is still on disk).
    if (gCancelFlag)
        gCancelFlag->store(true);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

int trainPrepared(PreparedRun& prepared)
{
    CancelToken cancel;
    gCancelFlag = cancel.rawFlag();
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);

    TerminalProgress progress(stderr);
    const TrainOutcome outcome = trainRun(prepared.folder, prepared.config, prepared.data, progress, cancel);

    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    gCancelFlag = nullptr;

    std::fprintf(stderr, "%s: %s\n", toString(outcome.state).c_str(), outcome.message.c_str());
    std::printf("%s\n", prepared.folder.dir().string().c_str());
    std::fflush(stdout);
    return outcome.state == RunState::Completed ? kExitOk : kExitRunFailed;
}

} // namespace

int commandTrain(const std::vector<std::string>& args)
{
    const Arguments a(args, {"workspace", "data"}, {});
    a.requirePositionals(1, "CONFIG.json");
    const fs::path configFile = a.positionals()[0];
    const fs::path workspace = a.required("workspace");

    nlohmann::json json;
    try {
        json = nlohmann::json::parse(readTextFile(configFile));
    } catch (const nlohmann::json::parse_error& e) {
        throw ConfigError(configFile.string() + " is not valid JSON: " + e.what());
    }
    RunConfig config;
    try {
        config = parseRunConfig(json);
    } catch (const ConfigError& e) {
        throw ConfigError(configFile.string() + ": " + e.what());
    }
    if (auto data = a.value("data")) {
        config.data.path = fs::absolute(*data).string();
    } else if (!config.data.path.empty() && fs::path(config.data.path).is_relative()) {
        // A relative data path in a config file means relative to that file, wherever it is run from.
        config.data.path = (fs::absolute(configFile).parent_path() / config.data.path).lexically_normal().string();
    }
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
