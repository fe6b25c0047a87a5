#include "flipbench/runs/run_summary.h"

#include "flipbench/runs/run_notes.h"
#include "flipbench/util/errors.h"

#include <algorithm>
#include <tuple>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

void readConfig(const RunFolder& run, RunSummary& summary)
{
    if (!fs::exists(run.file("config.json")))
        return; // queued by an older version, or being created
    const nlohmann::json config = run.readJson("config.json");
    summary.arch = config.value("model", nlohmann::json::object()).value("arch", "");
    const nlohmann::json method = config.value("method", nlohmann::json::object());
    summary.method = config.contains("import") ? "imported" : method.value("name", "baseline");
    if (config.contains("posthoc") && config["posthoc"].is_object()) {
        // A post-hoc model: its kind is its method, and the old model it was mixed with its reference.
        const nlohmann::json& posthoc = config["posthoc"];
        summary.method = posthoc.value("kind", std::string("posthoc"));
        summary.references.push_back(fs::path(posthoc.value("old", std::string())).filename().string());
        return;
    }
    for (const auto& reference : method.value("reference", nlohmann::json::array()))
        if (reference.is_string())
            summary.references.push_back(fs::path(reference.get<std::string>()).filename().string());
}

void readNotes(const RunFolder& run, RunSummary& summary)
{
    try {
        const RunNotes notes = readRunNotes(run);
        summary.tags = notes.tags;
        summary.note = notes.note;
    } catch (const std::exception& e) {
        // Only the user's annotations are lost, not the run: it stays listed and usable.
        summary.notesError = e.what();
    }
}

} // namespace

std::string methodLabel(const std::string& method, size_t referenceCount)
{
    if (method == "imported")
        return "Imported";
    if (method == "logit_fusion")
        return "Fusion";
    if (method == "weight_interpolation")
        return "BCWI";
    if (method == "fd")
        return "FD";
    if (method == "ldi")
        return referenceCount > 1 ? "ELODI" : "LDI";
    return "Baseline";
}

const std::vector<std::string>& methodLabels()
{
    static const std::vector<std::string> labels{"Baseline", "FD", "LDI", "ELODI", "Fusion", "BCWI", "Imported"};
    return labels;
}

std::string RunSummary::methodLabel() const
{
    return method.empty() ? std::string() : flipbench::methodLabel(method, references.size());
}

RunSummary readRunSummary(const fs::path& runDir)
{
    RunSummary summary;
    summary.name = runDir.filename().string();
    summary.dir = runDir;
    try {
        const RunFolder run = RunFolder::open(runDir);
        summary.name = run.name();
        summary.dir = run.dir();
        summary.status = run.readStatus();
        readConfig(run, summary);
        readNotes(run, summary);
        // The log is kept in a variable: lastEpoch() points into it (AddressSanitizer found the
        // temporary of `run.readMetrics().lastEpoch()` freed before its record was read).
        const MetricsLog metrics = run.readMetrics();
        if (const EpochRecord* last = metrics.lastEpoch()) {
            summary.testAccuracy = last->testAccuracy;
            summary.testNfr = last->testNfr;
            summary.testPfr = last->testPfr;
        }
        summary.plan = planOfRun(run.dir());
    } catch (const std::exception& e) {
        summary.unreadable = true;
        summary.status.state = RunState::Failed;
        summary.status.message = e.what();
    }
    return summary;
}

std::vector<RunSummary> listRuns(const fs::path& workspace)
{
    std::vector<RunSummary> runs;
    std::error_code ec;
    if (!fs::is_directory(workspace, ec))
        throw UserError("Workspace " + workspace.string() + " does not exist or is not a folder");
    // Entries that cannot be looked at (a root-only lost+found at a mount's root) are not runs; nor
    // are hidden folders.
    for (fs::directory_iterator it(workspace, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code entryError;
        const fs::path& dir = it->path();
        if (dir.filename().string().rfind('.', 0) == 0 || !it->is_directory(entryError) ||
            !fs::is_regular_file(dir / "status.json", entryError))
            continue;
        runs.push_back(readRunSummary(dir));
    }
    std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) {
        return std::tie(a.status.created, a.name) < std::tie(b.status.created, b.name);
    });
    return runs;
}

} // namespace flipbench
