#include "flipbench/runs/run_store.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <ctime>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

const char* const kStateNames[] = {"queued", "running", "completed", "failed", "cancelled", "interrupted"};

std::string hostName()
{
    char buffer[256] = {};
    return ::gethostname(buffer, sizeof buffer - 1) == 0 ? buffer : "";
}

/// True when `pid` on this host is a live process. Another host's run cannot be checked, so it is
/// trusted to be alive.
bool processAlive(long long pid, const std::string& host)
{
    if (pid <= 0)
        return false;
    if (!host.empty() && host != hostName())
        return true;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::string folderNameFor(const std::string& name)
{
    std::string safe;
    for (char ch : name)
        safe += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') ? ch : '_';
    if (safe.empty() || safe[0] == '.')
        safe = "run" + safe;
    return safe;
}

} // namespace

std::string toString(RunState state)
{
    return kStateNames[static_cast<int>(state)];
}

RunState runStateFromString(const std::string& text)
{
    for (int i = 0; i < 6; ++i)
        if (text == kStateNames[i])
            return static_cast<RunState>(i);
    throw DataError("Unknown run state \"" + text + "\" in status.json");
}

std::string nowIso8601()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

void removeUnfinishedRun(const RunFolder& run)
{
    std::error_code ignored;
    fs::remove_all(run.dir(), ignored);
}

RunFolder RunFolder::create(const fs::path& workspace, const std::string& name)
{
    std::error_code ec;
    fs::create_directories(workspace, ec);
    if (ec)
        throw UserError("Cannot create workspace folder " + workspace.string() + ": " + ec.message());
    const std::string base = folderNameFor(name);
    for (int suffix = 1; suffix < 100000; ++suffix) {
        const fs::path dir = workspace / (suffix == 1 ? base : base + "-" + std::to_string(suffix));
        // create_directory reports false when the folder exists, which makes the choice race-free.
        if (fs::create_directory(dir, ec)) {
            RunFolder run(fs::absolute(dir).lexically_normal());
            RunStatus status;
            status.created = status.updated = nowIso8601();
            run.writeStatus(status);
            return run;
        }
        if (ec)
            throw UserError("Cannot create run folder " + dir.string() + ": " + ec.message());
    }
    throw UserError("Too many runs named " + base + " in " + workspace.string());
}

RunFolder RunFolder::open(const fs::path& dir)
{
    if (!fs::is_regular_file(dir / "status.json"))
        throw DataError(dir.string() + " is not a Flipbench run folder (no status.json in it)");
    return RunFolder(fs::absolute(dir).lexically_normal());
}

RunStatus RunFolder::readStatus() const
{
    const nlohmann::json j = readJson("status.json");
    RunStatus s;
    try {
        s.state = runStateFromString(j.value("state", "queued"));
        s.message = j.value("message", "");
        s.created = j.value("created", "");
        s.started = j.value("started", "");
        s.finished = j.value("finished", "");
        s.updated = j.value("updated", "");
        s.epochsDone = j.value("epochs_done", 0);
        s.epochs = j.value("epochs", 0);
        s.pid = j.value("pid", 0LL);
        s.host = j.value("host", "");
        s.device = j.value("device", "");
        if (const auto it = j.find("training_seconds"); it != j.end() && it->is_number())
            s.trainingSeconds = it->get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw DataError(file("status.json").string() + " is damaged: " + e.what());
    }
    if (s.state == RunState::Running && !processAlive(s.pid, s.host)) {
        s.state = RunState::Interrupted;
        s.message = "The process that ran this training (pid " + std::to_string(s.pid) +
                    ") ended without finishing it; resume it to continue from the last checkpoint (epoch " +
                    std::to_string(s.epochsDone) + ").";
    }
    return s;
}

void RunFolder::writeStatus(const RunStatus& s) const
{
    nlohmann::json j = {{"state", toString(s.state)},  {"message", s.message},   {"created", s.created},
                        {"started", s.started},        {"finished", s.finished}, {"updated", nowIso8601()},
                        {"epochs_done", s.epochsDone}, {"epochs", s.epochs},     {"device", s.device}};
    if (s.trainingSeconds)
        j["training_seconds"] = *s.trainingSeconds;
    if (s.state == RunState::Running) {
        j["pid"] = static_cast<long long>(::getpid());
        j["host"] = hostName();
    }
    writeJson("status.json", j);
}

nlohmann::json RunFolder::readJson(const std::string& relative) const
{
    const fs::path path = file(relative);
    try {
        return nlohmann::json::parse(readFile(path));
    } catch (const nlohmann::json::parse_error& e) {
        throw DataError(path.string() + " is not valid JSON: " + e.what());
    }
}

void RunFolder::writeJson(const std::string& relative, const nlohmann::json& json) const
{
    writeTextAtomically(file(relative), json.dump(2) + "\n");
}

void RunFolder::appendMetrics(const nlohmann::json& record) const
{
    std::ofstream out(file("metrics.jsonl"), std::ios::app);
    out << record.dump() << '\n';
    out.flush();
    if (!out)
        throw UserError("Could not append to " + file("metrics.jsonl").string() + " (disk full?)");
}

std::vector<nlohmann::json> RunFolder::readMetrics() const
{
    std::vector<nlohmann::json> records;
    std::ifstream in(file("metrics.jsonl"));
    for (std::string line; std::getline(in, line);) {
        if (line.empty())
            continue;
        // A crash can leave a torn last line; everything before it is still good.
        auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!record.is_discarded())
            records.push_back(std::move(record));
    }
    return records;
}

void RunFolder::truncateMetrics(int epochsDone) const
{
    std::string kept;
    for (const auto& record : readMetrics())
        if (record.value("epoch", 0) <= epochsDone)
            kept += record.dump() + "\n";
    writeTextAtomically(file("metrics.jsonl"), kept);
}

std::vector<RunSummary> listRuns(const fs::path& workspace)
{
    std::vector<RunSummary> runs;
    std::error_code ec;
    if (!fs::is_directory(workspace, ec))
        throw UserError("Workspace " + workspace.string() + " does not exist or is not a folder");
    for (const auto& entry : fs::directory_iterator(workspace, ec)) {
        if (!entry.is_directory() || !fs::is_regular_file(entry.path() / "status.json"))
            continue;
        RunSummary summary;
        summary.name = entry.path().filename().string();
        summary.dir = entry.path();
        try {
            const RunFolder run = RunFolder::open(entry.path());
            summary.name = run.name();
            summary.dir = run.dir();
            summary.status = run.readStatus();
            if (fs::exists(run.file("config.json"))) {
                const nlohmann::json config = run.readJson("config.json");
                summary.arch = config.value("model", nlohmann::json::object()).value("arch", "");
                const nlohmann::json method = config.value("method", nlohmann::json::object());
                summary.method = config.contains("import") ? "imported" : method.value("name", "baseline");
                for (const auto& reference : method.value("reference", nlohmann::json::array()))
                    if (reference.is_string())
                        summary.references.push_back(fs::path(reference.get<std::string>()).filename().string());
            }
            for (const auto& record : run.readMetrics())
                if (record.value("type", "") == "epoch") {
                    summary.testAccuracy = record.value("test_acc", 0.0);
                    const auto nfr = record.find("test_nfr");
                    summary.testNfr = nfr != record.end() && nfr->is_number()
                                          ? std::optional<double>(nfr->get<double>())
                                          : std::nullopt;
                }
        } catch (const std::exception& e) {
            summary.status.state = RunState::Failed;
            summary.status.message = e.what();
        }
        runs.push_back(std::move(summary));
    }
    std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) {
        return std::tie(a.status.created, a.name) < std::tie(b.status.created, b.name);
    });
    return runs;
}

} // namespace flipbench
