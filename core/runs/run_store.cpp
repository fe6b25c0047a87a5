#include "flipbench/runs/run_store.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <csignal>
#include <cerrno>
#include <ctime>
#include <optional>
#include <tuple>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

bool isRemote(const std::string& host)
{
    return !host.empty() && host != thisHostName();
}

/// True when `pid` on this host is a live process. Another host's run cannot be checked, so it is
/// trusted to be alive (its heartbeat says whether it still writes).
bool processAlive(long long pid, const std::string& host)
{
    if (pid <= 0)
        return false;
    if (isRemote(host))
        return true;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

/// Seconds since an ISO 8601 UTC time as nowIso8601 writes it; absent when it does not parse.
std::optional<double> secondsSince(const std::string& iso)
{
    std::tm utc{};
    const char* end = ::strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &utc);
    if (!end || *end != '\0')
        return std::nullopt;
    const std::time_t then = ::timegm(&utc);
    return std::difftime(std::time(nullptr), then);
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

std::string thisHostName()
{
    char buffer[256] = {};
    return ::gethostname(buffer, sizeof buffer - 1) == 0 ? buffer : "";
}

std::string currentSchedulerJob()
{
    const char* arrayJob = std::getenv("SLURM_ARRAY_JOB_ID");
    const char* arrayTask = std::getenv("SLURM_ARRAY_TASK_ID");
    if (arrayJob && *arrayJob && arrayTask && *arrayTask)
        return std::string("slurm ") + arrayJob + "_" + arrayTask;
    if (const char* job = std::getenv("SLURM_JOB_ID"); job && *job)
        return std::string("slurm ") + job;
    return "";
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
        s.job = j.value("job", "");
        if (const auto it = j.find("training_seconds"); it != j.end() && it->is_number())
            s.trainingSeconds = it->get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw DataError(file("status.json").string() + " is damaged: " + e.what());
    }
    if (s.state == RunState::Running) {
        s.remote = isRemote(s.host);
        s.heartbeatAgeSeconds = secondsSince(s.updated);
        s.stale = s.remote && s.heartbeatAgeSeconds && *s.heartbeatAgeSeconds > kStaleHeartbeatSeconds;
        if (s.stale)
            s.message = "No heartbeat from " + s.host + " (pid " + std::to_string(s.pid) +
                        (s.job.empty() ? "" : ", " + s.job) + ") for " +
                        std::to_string(static_cast<long long>(*s.heartbeatAgeSeconds / 60)) +
                        " minutes: that machine or job may be gone. Resume the run to take it over from epoch " +
                        std::to_string(s.epochsDone) + ", once you know it no longer trains there.";
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
        j["host"] = thisHostName();
        if (const std::string job = currentSchedulerJob(); !job.empty())
            j["job"] = job;
    } else {
        if (!s.host.empty())
            j["host"] = s.host; // where it last trained, so that a listing can say so
        if (!s.job.empty())
            j["job"] = s.job; // its last job, or the scheduler it waits in ("slurm")
    }
    writeJson("status.json", j);
}

nlohmann::json RunFolder::readJson(const std::string& relative) const
{
    const fs::path path = file(relative);
    return readJsonDocument(path);
}

void RunFolder::writeJson(const std::string& relative, const nlohmann::json& json) const
{
    writeTextAtomically(file(relative), json.dump(2) + "\n");
}

void RunFolder::appendMetrics(const StepRecord& record) const
{
    appendMetricsRecord(file("metrics.jsonl"), record);
}

void RunFolder::appendMetrics(const EpochRecord& record) const
{
    appendMetricsRecord(file("metrics.jsonl"), record);
}

void RunFolder::appendMetrics(const WarningRecord& record) const
{
    appendMetricsRecord(file("metrics.jsonl"), record);
}

MetricsLog RunFolder::readMetrics() const
{
    return readMetricsLog(file("metrics.jsonl"));
}

void RunFolder::truncateMetrics(int epochsDone) const
{
    truncateMetricsLog(file("metrics.jsonl"), epochsDone);
}

} // namespace flipbench
