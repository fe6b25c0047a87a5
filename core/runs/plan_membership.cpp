#include "flipbench/runs/plan_membership.h"

#include "flipbench/sweeps/sweep_record.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

constexpr const char* kPlanFile = "plan.json";

} // namespace

void writePlanMembership(const fs::path& runDir, const PlanMembership& m)
{
    const nlohmann::json json = {{"plan", m.plan}, {"label", m.label}, {"position", m.position}, {"size", m.size}};
    writeTextAtomically(runDir / kPlanFile, json.dump(1) + "\n");
}

std::optional<PlanMembership> readPlanMembership(const fs::path& runDir)
{
    const fs::path file = runDir / kPlanFile;
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        return std::nullopt;
    try {
        const auto json = readJsonDocument(file);
        PlanMembership m;
        m.plan = json.at("plan").get<std::string>();
        if (m.plan.empty())
            return std::nullopt;
        m.label = json.value("label", m.plan);
        m.position = json.value("position", 0);
        m.size = json.value("size", 0);
        return m;
    } catch (const std::exception&) {
        return std::nullopt; // damaged: the run is shown on its own rather than not at all
    }
}

std::optional<PlanMembership> planOfRun(const fs::path& runDir)
{
    if (auto plan = readPlanMembership(runDir))
        return plan;
    if (const auto sweep = readSweepMembership(runDir))
        return PlanMembership{"sweep:" + sweep->sweep, sweep->sweep, 0, 0};
    return std::nullopt;
}

} // namespace flipbench
