#include "flipbench/runs/run_groups.h"

#include "flipbench/config/run_config.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/sweeps/sweep_record.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <optional>

namespace fs = std::filesystem;

namespace flipbench {

std::string withoutSeedSuffix(const std::string& runName)
{
    const auto dash = runName.rfind("-s");
    if (dash == std::string::npos || dash + 2 >= runName.size())
        return runName;
    for (size_t i = dash + 2; i < runName.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(runName[i])))
            return runName;
    return runName.substr(0, dash);
}

std::vector<RunGroup> groupRuns(const std::vector<fs::path>& runDirs)
{
    std::vector<RunGroup> groups;
    std::map<std::string, size_t> byKey;
    for (const fs::path& dir : runDirs) {
        std::string key = "unreadable:" + dir.string();
        std::string method = "imported";
        uint64_t seed = 0;
        std::vector<std::string> references;
        const std::optional<SweepMembership> membership = readSweepMembership(dir);
        try {
            const auto stored = readJsonDocument(dir / "config.json");
            if (stored.contains("import")) {
                method = "imported"; // an imported model is a group of its own
            } else {
                const RunConfig config = parseRunConfig(stored);
                nlohmann::json identity = toJson(config);
                identity.erase("name");
                identity.erase("versions");
                for (const char* incidental : {"seed", "threads", "log_every"})
                    identity["train"].erase(incidental);
                key = identity.dump();
                // Two arms of one sweep are two groups even where their settings agree (a sweep's
                // old model is often its baseline recipe with another seed).
                if (membership)
                    key += "|sweep " + membership->sweep + "|arm " + membership->arm;
                method = config.method.name;
                seed = config.train.seed;
                for (const auto& reference : config.method.reference)
                    references.push_back(fs::path(reference).filename().string());
                if (stored.contains("posthoc") && stored["posthoc"].is_object()) {
                    // A post-hoc model groups with the same procedure on the new run's other seeds:
                    // its kind, grid and tolerance against one old model; the weight chosen per
                    // seed is a result, not a setting.
                    const nlohmann::json& posthoc = stored["posthoc"];
                    method = posthoc.value("kind", std::string("posthoc"));
                    key += "|posthoc " + nlohmann::json{{"kind", method},
                                                        {"old", posthoc.value("old", std::string())},
                                                        {"grid", posthoc.value("grid", nlohmann::json())},
                                                        {"tolerance", posthoc.value("tolerance", 0.0)}}
                                             .dump();
                    references = {fs::path(posthoc.value("old", std::string())).filename().string()};
                }
            }
        } catch (const std::exception&) {
            // a config that does not read (or none): the run stands alone
        }
        auto [found, inserted] = byKey.emplace(key, groups.size());
        if (inserted) {
            RunGroup group;
            group.method = method;
            group.references = references;
            if (membership) {
                group.sweep = membership->sweep;
                group.point = membership->point;
                group.family = membership->arm.empty() ? method : membership->arm;
                group.label = (membership->arm.empty() ? method : membership->arm) +
                              (membership->point.empty() ? "" : " " + membership->point);
            } else {
                group.family = method;
                group.label = withoutSeedSuffix(dir.filename().string());
            }
            groups.push_back(group);
        }
        RunGroup& group = groups[found->second];
        group.runs.push_back(dir);
        group.seeds.push_back(seed);
    }
    return groups;
}

} // namespace flipbench
