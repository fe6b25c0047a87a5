#include "flipbench/sweeps/sweep_record.h"

#include "flipbench/runs/run_store.h"
#include "flipbench/sweeps/sweep_plan.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <algorithm>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

fs::path recordFile(const fs::path& workspace, const std::string& name)
{
    return workspace / "sweeps" / (name + ".json");
}

} // namespace

SweepMembership membershipOf(const SweepPlan& plan, const SweepRun& run)
{
    return {plan.spec.name, run.arm, run.point, run.settings, run.seed};
}

void writeSweepMembership(const fs::path& runDir, const SweepMembership& m)
{
    const nlohmann::json json = {
        {"sweep", m.sweep}, {"arm", m.arm}, {"point", m.point}, {"settings", m.settings}, {"seed", m.seed}};
    writeTextAtomically(runDir / "sweep.json", json.dump(1) + "\n");
}

std::optional<SweepMembership> readSweepMembership(const fs::path& runDir)
{
    const fs::path file = runDir / "sweep.json";
    std::error_code error;
    if (!fs::exists(file, error))
        return std::nullopt;
    try {
        const auto json = readJsonDocument(file);
        SweepMembership m;
        m.sweep = json.at("sweep").get<std::string>();
        m.arm = json.value("arm", "");
        m.point = json.value("point", "");
        m.settings = json.value("settings", nlohmann::json::object());
        m.seed = json.value("seed", uint64_t{0});
        return m;
    } catch (const std::exception&) {
        return std::nullopt; // damaged: the run is listed, only without its sweep
    }
}

SweepRecord sweepRecordOf(const SweepPlan& plan, const fs::path& workspace)
{
    SweepRecord record;
    record.name = plan.spec.name;
    if (const auto old = sweepOldModel(plan, workspace))
        record.old = old->parent_path() == workspace ? old->filename().string() : old->string();
    record.baseline = plan.spec.baseline;
    for (const SweepRun& run : plan.runs) {
        record.runs.push_back(run.name);
        record.arms.push_back(run.arm);
    }
    record.updated = nowIso8601();
    return record;
}

void writeSweepRecord(const fs::path& workspace, const SweepRecord& record)
{
    fs::create_directories(workspace / "sweeps");
    nlohmann::json runs = nlohmann::json::array();
    for (size_t i = 0; i < record.runs.size(); ++i)
        runs.push_back({{"name", record.runs[i]}, {"arm", record.arms[i]}});
    const nlohmann::json json = {{"name", record.name},
                                 {"old", record.old},
                                 {"baseline", record.baseline},
                                 {"runs", runs},
                                 {"updated", record.updated}};
    writeTextAtomically(recordFile(workspace, record.name), json.dump(1) + "\n");
}

SweepRecord readSweepRecord(const fs::path& workspace, const std::string& name)
{
    const fs::path file = recordFile(workspace, name);
    std::error_code error;
    if (!fs::exists(file, error)) {
        std::string known;
        for (const auto& sweep : listSweeps(workspace))
            known += (known.empty() ? "" : ", ") + sweep;
        throw UserError(
            "the workspace " + workspace.string() + " has no sweep \"" + name + "\" (" +
            (known.empty() ? "it has none; `flipbench-cli sweep SPEC` trains one" : "its sweeps: " + known) + ")");
    }
    try {
        const auto json = readJsonDocument(file);
        SweepRecord record;
        record.name = json.at("name").get<std::string>();
        record.old = json.value("old", "");
        record.baseline = json.value("baseline", "");
        for (const auto& run : json.at("runs")) {
            record.runs.push_back(run.at("name").get<std::string>());
            record.arms.push_back(run.value("arm", ""));
        }
        record.updated = json.value("updated", "");
        return record;
    } catch (const std::exception& e) {
        throw DataError(file.string() + " cannot be read (" + e.what() +
                        "); run the sweep's spec again to rewrite it: completed runs are kept");
    }
}

std::vector<std::string> listSweeps(const fs::path& workspace)
{
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(workspace / "sweeps", error))
        if (entry.path().extension() == ".json")
            names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace flipbench
