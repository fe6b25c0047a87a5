#include "flipbench/sweeps/sweep_plan.h"

#include "flipbench/util/errors.h"
#include "flipbench/util/json_fields.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

std::string lastComponent(const std::string& dottedPath)
{
    const auto dot = dottedPath.rfind('.');
    return dot == std::string::npos ? dottedPath : dottedPath.substr(dot + 1);
}

/// A grid value as it reads in a run name and in a table: 0.5, 1e-05, kl, true, [a,b].
std::string valueText(const nlohmann::json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_float()) {
        std::ostringstream out;
        out << value.get<double>();
        return out.str();
    }
    if (value.is_array()) {
        std::string text;
        for (const auto& item : value)
            text += (text.empty() ? "" : "+") + valueText(item);
        return text;
    }
    return value.dump();
}

/// Run folder names keep to letters, digits, '-', '_' and '.' whatever the values are.
std::string portable(std::string text)
{
    for (char& c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            c = '_';
    return text;
}

using Point = std::vector<std::pair<std::string, nlohmann::json>>;

/// Every combination of one grid's values, the first field varying slowest.
void product(const SweepGrid& grid, size_t field, Point& current, std::vector<Point>& out)
{
    if (field == grid.fields.size()) {
        out.push_back(current);
        return;
    }
    for (const auto& value : grid.fields[field].second) {
        current.emplace_back(grid.fields[field].first, value);
        product(grid, field + 1, current, out);
        current.pop_back();
    }
}

std::vector<Point> pointsOf(const SweepArm& arm)
{
    std::vector<Point> points;
    for (const SweepGrid& grid : arm.grids) {
        Point current;
        product(grid, 0, current, points);
    }
    if (points.empty())
        points.emplace_back();
    return points;
}

/// The grid fields' short names in run names: the last path component, or the whole path (dots as
/// '_') where two fields of the arm share a last component.
std::map<std::string, std::string> shortNames(const SweepArm& arm)
{
    std::map<std::string, std::set<std::string>> byLast;
    for (const SweepGrid& grid : arm.grids)
        for (const auto& [path, values] : grid.fields)
            byLast[lastComponent(path)].insert(path);
    std::map<std::string, std::string> names;
    for (const auto& [last, paths] : byLast)
        for (const auto& path : paths) {
            std::string name = paths.size() == 1 ? last : path;
            std::replace(name.begin(), name.end(), '.', '_');
            names[path] = name;
        }
    return names;
}

std::string describeSettings(const Point& point)
{
    std::string text;
    for (const auto& [path, value] : point)
        text += (text.empty() ? "" : ", ") + path + " = " + shortDump(value);
    return text;
}

/// Orders the arms so that an arm comes after the arms its runs reference; throws on a cycle.
std::vector<const SweepArm*> trainingOrder(const SweepSpec& spec,
                                           const std::map<std::string, std::vector<std::string>>& needs)
{
    std::vector<const SweepArm*> order;
    std::map<std::string, int> mark; // 1 visiting, 2 done
    std::function<void(const SweepArm&, std::vector<std::string>&)> visit = [&](const SweepArm& arm,
                                                                                std::vector<std::string>& path) {
        if (mark[arm.label] == 2)
            return;
        path.push_back(arm.label);
        if (mark[arm.label] == 1) {
            std::string cycle;
            for (const auto& label : path)
                cycle += (cycle.empty() ? "" : " -> ") + label;
            throw ConfigError("reference: arms reference each other in a cycle (" + cycle +
                              "); a run can only be trained against runs that train before it");
        }
        mark[arm.label] = 1;
        for (const auto& label : needs.at(arm.label))
            for (const SweepArm& other : spec.arms)
                if (other.label == label)
                    visit(other, path);
        mark[arm.label] = 2;
        path.pop_back();
        order.push_back(&arm);
    };
    for (const SweepArm& arm : spec.arms) {
        std::vector<std::string> path;
        visit(arm, path);
    }
    return order;
}

std::string armContext(const SweepArm& arm)
{
    return arm.label.empty() ? std::string() : "arm \"" + arm.label + "\", ";
}

} // namespace

std::vector<const SweepRun*> SweepPlan::runsOf(const std::string& arm) const
{
    std::vector<const SweepRun*> of;
    for (const SweepRun& run : runs)
        if (run.arm == arm)
            of.push_back(&run);
    return of;
}

namespace {

SweepPlan expandSpec(const SweepSpec& spec, const std::optional<std::string>& dataPath)
{
    std::set<std::string> labels;
    for (const SweepArm& arm : spec.arms)
        labels.insert(arm.label);

    std::map<std::string, std::vector<std::string>> needs; // arm -> arms it references
    for (const SweepArm& arm : spec.arms) {
        auto& needed = needs[arm.label];
        for (const auto& reference : arm.reference) {
            if (reference.front() != '@')
                continue;
            const std::string label = reference.substr(1);
            if (!labels.count(label) || label.empty())
                throw ConfigError(armContext(arm) + "reference: \"" + reference + "\" names no arm of the sweep");
            needed.push_back(label);
        }
    }

    SweepPlan plan;
    plan.spec = spec;
    std::set<std::string> names;
    for (const SweepArm* arm : trainingOrder(spec, needs)) {
        const auto shortName = shortNames(*arm);
        for (const Point& point : pointsOf(*arm)) {
            std::string pointName, pointText;
            nlohmann::json settings = nlohmann::json::object();
            for (const auto& [path, value] : point) {
                pointName += "-" + shortName.at(path) + portable(valueText(value));
                pointText += (pointText.empty() ? "" : ", ") + shortName.at(path) + "=" + valueText(value);
                settings[path] = value;
            }
            for (const uint64_t seed : arm->seeds) {
                SweepRun run;
                run.arm = arm->label;
                run.point = pointText;
                run.settings = settings;
                run.seed = seed;
                run.referenceArms = needs[arm->label];
                run.name =
                    spec.name + (arm->label.empty() ? "" : "-" + arm->label) + pointName + "-s" + std::to_string(seed);
                if (!names.insert(run.name).second)
                    throw ConfigError(armContext(*arm) + describeSettings(point) + ": two runs would be named " +
                                      run.name + "; give the values distinct names");

                nlohmann::json json = arm->base;
                for (const auto& [path, value] : arm->set)
                    setDottedPath(json, path, value);
                for (const auto& [path, value] : point)
                    setDottedPath(json, path, value);
                setDottedPath(json, "train.seed", seed);
                json["name"] = run.name;
                if (arm->referenceGiven)
                    setDottedPath(json, "method.reference", arm->reference);
                if (dataPath)
                    setDottedPath(json, "data.path", *dataPath);
                try {
                    run.config = parseRunConfig(json);
                } catch (const ConfigError& e) {
                    const std::string where = point.empty() ? std::string() : describeSettings(point) + ": ";
                    throw ConfigError(armContext(*arm) + where + e.what());
                }
                if (run.config.data.path.empty())
                    throw ConfigError(armContext(*arm) +
                                      "data.path: no data folder; give --data DIR or set data.path in the base config");
                plan.runs.push_back(std::move(run));
            }
        }
    }

    if (!spec.old.empty() && spec.old.front() == '@') {
        const auto oldRuns = plan.runsOf(spec.old.substr(1));
        if (oldRuns.size() != 1)
            throw ConfigError("old: arm \"" + spec.old.substr(1) + "\" has " + std::to_string(oldRuns.size()) +
                              " runs; the old model is one run (give that arm one seed and no grid)");
    }
    return plan;
}

} // namespace

SweepPlan expandSweep(const SweepSpec& spec, const std::optional<std::string>& dataPath)
{
    try {
        return expandSpec(spec, dataPath);
    } catch (const ConfigError& e) {
        // Name the spec file, as readSweepSpec does for what it finds, so the message says where.
        if (spec.file.empty())
            throw;
        throw ConfigError(spec.file.string() + ": " + e.what());
    }
}

RunConfig resolveSweepReferences(const SweepPlan& plan, const SweepRun& run, const fs::path& workspace)
{
    RunConfig config = run.config;
    std::vector<std::string> resolved;
    for (const auto& reference : config.method.reference) {
        if (reference.empty() || reference.front() != '@') {
            resolved.push_back(reference);
            continue;
        }
        for (const SweepRun* member : plan.runsOf(reference.substr(1)))
            resolved.push_back((workspace / member->name).string());
    }
    config.method.reference = resolved;
    return config;
}

std::optional<fs::path> sweepOldModel(const SweepPlan& plan, const fs::path& workspace)
{
    if (plan.spec.old.empty())
        return std::nullopt;
    if (plan.spec.old.front() == '@')
        return workspace / plan.runsOf(plan.spec.old.substr(1)).front()->name;
    const fs::path old(plan.spec.old);
    return old.is_absolute() ? old : workspace / old;
}

} // namespace flipbench
