#include "flipbench/cluster/slurm_queue.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <regex>
#include <sstream>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace flipbench {

namespace {

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator))
        parts.push_back(part);
    if (!text.empty() && text.back() == separator)
        parts.emplace_back();
    return parts;
}

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<int> number(const std::string& text)
{
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoi(text);
}

/// Output and exit status of a shell command (its stderr joined to stdout).
struct CommandResult {
    bool ran = false;
    int status = -1;
    std::string output;
};

CommandResult runCommand(const std::string& command)
{
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return result;
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.ran = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) != 127; // 127: no such command
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// "1234_3" -> ("1234", 3); "1234" -> ("1234", none); anything else -> ("", none).
std::pair<std::string, std::optional<int>> jobAndTask(const std::string& id)
{
    static const std::regex pattern(R"((\d+)(?:_(\d+))?)");
    std::smatch m;
    if (!std::regex_match(id, m, pattern))
        return {"", std::nullopt};
    return {m[1].str(), m[2].matched ? number(m[2].str()) : std::nullopt};
}

/// squeue, or what FLIPBENCH_SQUEUE names (tests point it at a missing program: no scheduler).
std::string squeueCommand()
{
    const char* custom = std::getenv("FLIPBENCH_SQUEUE");
    return custom && *custom ? custom : "squeue";
}

/// This user's jobs in the queue (pending, running, completing, ...): id, state, reason, name.
CommandResult runSqueue(const std::string& extra = "")
{
    return runCommand(squeueCommand() + " --noheader --user=" + std::to_string(::getuid()) + " --format='%i|%T|%r|%j'" +
                      extra);
}

} // namespace

std::vector<int> parseArrayTasks(const std::string& text)
{
    std::string spec = text.substr(0, text.find('%'));
    std::vector<int> tasks;
    for (const std::string& part : split(spec, ',')) {
        static const std::regex range(R"((\d+)(?:-(\d+)(?::(\d+))?)?)");
        std::smatch m;
        if (!std::regex_match(part, m, range))
            return {};
        const auto first = number(m[1].str());
        const auto last = m[2].matched ? number(m[2].str()) : first;
        const auto step = m[3].matched ? number(m[3].str()) : std::optional<int>(1);
        if (!first || !last || !step || *step <= 0 || *last < *first || *last - *first > 1000000)
            return {};
        for (int t = *first; t <= *last; t += *step)
            tasks.push_back(t);
    }
    return tasks;
}

std::vector<SlurmQueueEntry> parseSqueue(const std::string& text)
{
    std::vector<SlurmQueueEntry> entries;
    std::istringstream in(text);
    std::string line;
    static const std::regex pattern(R"((\d+)(?:_(\d+|\[([0-9,:%-]+)\]))?)");
    while (std::getline(in, line)) {
        const std::vector<std::string> fields = split(trimmed(line), '|');
        if (fields.size() < 2)
            continue;
        std::smatch m;
        const std::string id = trimmed(fields[0]);
        if (!std::regex_match(id, m, pattern))
            continue;
        SlurmQueueEntry entry;
        entry.job = m[1].str();
        if (m[3].matched)
            entry.tasks = parseArrayTasks(m[3].str());
        else if (m[2].matched)
            entry.tasks = {*number(m[2].str())};
        if (m[2].matched && entry.tasks.empty())
            continue;
        entry.state = trimmed(fields[1]);
        entry.reason = fields.size() > 2 ? trimmed(fields[2]) : "";
        entry.name = fields.size() > 3 ? trimmed(fields[3]) : "";
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::vector<SlurmAccountingEntry> parseSacct(const std::string& text)
{
    std::vector<SlurmAccountingEntry> entries;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const std::vector<std::string> fields = split(trimmed(line), '|');
        if (fields.size() < 2)
            continue;
        const auto [job, task] = jobAndTask(trimmed(fields[0]));
        if (job.empty())
            continue; // a pending range "1234_[0-3]" or a step "1234_3.batch"
        SlurmAccountingEntry entry;
        entry.job = job;
        entry.task = task;
        // "CANCELLED by 0" -> CANCELLED
        entry.state = trimmed(fields[1]).substr(0, trimmed(fields[1]).find(' '));
        entry.exitCode = fields.size() > 2 ? trimmed(fields[2]) : "";
        entries.push_back(std::move(entry));
    }
    return entries;
}

const SlurmQueueEntry* SlurmQueueView::queued(const std::string& job, int task) const
{
    for (const SlurmQueueEntry& entry : queue)
        if (entry.job == job && std::find(entry.tasks.begin(), entry.tasks.end(), task) != entry.tasks.end())
            return &entry;
    return nullptr;
}

const SlurmQueueEntry* SlurmQueueView::queuedByName(const std::string& name, int task) const
{
    for (const SlurmQueueEntry& entry : queue)
        if (entry.name == name && std::find(entry.tasks.begin(), entry.tasks.end(), task) != entry.tasks.end())
            return &entry;
    return nullptr;
}

const SlurmAccountingEntry* SlurmQueueView::accounted(const std::string& job, int task) const
{
    const SlurmAccountingEntry* found = nullptr;
    for (const SlurmAccountingEntry& entry : accounting)
        if (entry.job == job && entry.task == task)
            found = &entry; // a requeued task has several lines; the last is the latest attempt
    return found;
}

SlurmQueueView querySlurm(const std::vector<std::string>& jobs)
{
    SlurmQueueView view;
    const CommandResult queue = runSqueue();
    view.queueAvailable = queue.ran && queue.status == 0;
    if (view.queueAvailable)
        view.queue = parseSqueue(queue.output);
    else
        view.queueError = queue.ran ? trimmed(queue.output) : squeueCommand() + " is not installed here";
    std::string ids;
    for (const std::string& job : jobs)
        if (jobAndTask(job).first == job) // digits only: safe on a command line
            ids += (ids.empty() ? "" : ",") + job;
    if (!ids.empty()) {
        const CommandResult accounting =
            runCommand("sacct --noheader --parsable2 --allocations --format=JobID,State,ExitCode --jobs=" + ids);
        view.accountingAvailable = accounting.ran && accounting.status == 0;
        if (view.accountingAvailable)
            view.accounting = parseSacct(accounting.output);
    }
    return view;
}

std::optional<bool> slurmJobActive(const std::string& recordedJob)
{
    const std::string prefix = "slurm ";
    if (recordedJob.rfind(prefix, 0) != 0)
        return std::nullopt;
    const auto [job, task] = jobAndTask(recordedJob.substr(prefix.size()));
    if (job.empty())
        return std::nullopt;
    // Only the states of a job that may still run; a job the controller has forgotten (it keeps
    // ended jobs for MinJobAge seconds) is "Invalid job id", which means ended too.
    const CommandResult queue = runCommand(squeueCommand() +
                                           " --noheader --format='%i|%T|%r|%j' "
                                           "--states=PENDING,CONFIGURING,RUNNING,COMPLETING,SUSPENDED,REQUEUED,"
                                           "REQUEUE_HOLD,REQUEUE_FED,RESIZING,SIGNALING,STOPPED --jobs=" +
                                           job);
    if (queue.ran && queue.status != 0 && queue.output.find("Invalid job id") != std::string::npos)
        return false;
    if (!queue.ran || queue.status != 0)
        return std::nullopt;
    for (const SlurmQueueEntry& entry : parseSqueue(queue.output)) {
        if (entry.job != job)
            continue;
        if (!task || entry.tasks.empty() ||
            std::find(entry.tasks.begin(), entry.tasks.end(), *task) != entry.tasks.end())
            return true;
    }
    return false;
}

} // namespace flipbench
