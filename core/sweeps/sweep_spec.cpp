#include "flipbench/sweeps/sweep_spec.h"

#include "flipbench/config/presets.h"
#include "flipbench/config/run_config.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"
#include "flipbench/util/json_fields.h"

#include <algorithm>
#include <set>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& reason)
{
    throw ConfigError(path + ": " + reason);
}

/// Sweep and arm names become parts of run folder names, so they keep to a portable alphabet.
void requireName(const std::string& path, const std::string& value)
{
    if (value.empty())
        fail(path, "must not be empty");
    // Run names join the sweep's name, an arm's label and its settings; each part stays short so
    // that the folder name stays within what file systems allow (255 bytes).
    if (value.size() > 48)
        fail(path, "at most 48 characters (it is part of run folder names), got " + std::to_string(value.size()) +
                       ": " + shortDump(value));
    const bool portable = std::all_of(value.begin(), value.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.';
    });
    if (!portable || value.front() == '.' || value.front() == '@')
        fail(path, shortDump(value) + " may hold only letters, digits, '-', '_' and '.' (it names run folders)");
}

/// A sweep is trained run by run and expanded whole into memory: a grid written by mistake with
/// thousands of values per field (or generated) must be refused before it is expanded, not after
/// gigabytes. Ten thousand runs is far more than any machine trains in a sweep.
constexpr uint64_t kMaxSweepRuns = 10000;

void requireTrainableSize(const SweepSpec& spec)
{
    uint64_t total = 0;
    for (const SweepArm& arm : spec.arms) {
        uint64_t points = arm.grids.empty() ? 1 : 0;
        for (const SweepGrid& grid : arm.grids) {
            uint64_t combinations = 1;
            for (const auto& field : grid.fields)
                combinations =
                    std::min<uint64_t>(combinations * std::max<size_t>(field.second.size(), 1), kMaxSweepRuns + 1);
            points = std::min<uint64_t>(points + combinations, kMaxSweepRuns + 1);
        }
        total = std::min<uint64_t>(total + points * std::max<size_t>(arm.seeds.size(), 1), kMaxSweepRuns + 1);
    }
    if (total > kMaxSweepRuns)
        throw ConfigError("the sweep expands to more than " + std::to_string(kMaxSweepRuns) +
                          " runs (grid values times seeds, over every arm); split it into smaller sweeps");
}

/// A data.path relative to the file that wrote it: the same rule as for a config file given to train.
void anchorDataPath(nlohmann::json& config, const fs::path& dir)
{
    if (!config.is_object() || !config.contains("data") || !config["data"].is_object())
        return;
    auto& path = config["data"]["path"];
    if (path.is_string() && !path.get<std::string>().empty() && fs::path(path.get<std::string>()).is_relative())
        path = (fs::absolute(dir) / path.get<std::string>()).lexically_normal().string();
}

/// "base": a config object, "preset:NAME/RUN" (a run of a compiled-in plan) or a config file.
nlohmann::json parseBase(const nlohmann::json& value, const std::string& path, const fs::path& specDir)
{
    if (value.is_null())
        return nlohmann::json::object();
    if (value.is_object()) {
        nlohmann::json base = value;
        anchorDataPath(base, specDir);
        return base;
    }
    if (!value.is_string())
        fail(path, "expected a run config object, \"preset:NAME/RUN\" or a config file name, got " + shortDump(value));
    const std::string text = value.get<std::string>();
    if (text.rfind("preset:", 0) == 0) {
        const std::string rest = text.substr(7);
        const auto slash = rest.find('/');
        if (slash == std::string::npos)
            fail(path, "\"" + text + "\": name a run of the preset, e.g. \"preset:cpu-quick/quick-baseline-s2\"");
        const Preset preset = loadPreset(rest.substr(0, slash));
        const std::string runName = rest.substr(slash + 1);
        std::string known;
        for (const RunConfig& run : preset.runs) {
            if (run.name == runName)
                return toJson(run);
            known += (known.empty() ? "" : ", ") + run.name;
        }
        fail(path, "preset " + preset.name + " has no run \"" + runName + "\" (its runs: " + known + ")");
    }
    const fs::path file = fs::path(text).is_relative() ? specDir / text : fs::path(text);
    if (!fs::exists(file))
        fail(path, "the config file " + file.string() + " does not exist");
    try {
        nlohmann::json base = readJsonDocument(file);
        if (!base.is_object())
            fail(path, file.string() + " holds no JSON object");
        anchorDataPath(base, file.parent_path());
        return base;
    } catch (const DataError& e) {
        fail(path, e.what());
    }
}

/// "set": {"dotted.path": value, ...}
std::vector<std::pair<std::string, nlohmann::json>> parseSet(const nlohmann::json& value, const std::string& path)
{
    std::vector<std::pair<std::string, nlohmann::json>> set;
    if (value.is_null())
        return set;
    if (!value.is_object())
        fail(path, "expected an object of settings {\"train.lr\": 0.05, ...}, got " + shortDump(value));
    for (const auto& [key, v] : value.items())
        set.emplace_back(key, v);
    return set;
}

SweepGrid parseGridObject(const nlohmann::json& value, const std::string& path)
{
    if (!value.is_object())
        fail(path, "expected an object {\"dotted.field\": [values], ...}, got " + shortDump(value));
    SweepGrid grid;
    for (const auto& [key, values] : value.items()) {
        if (key.empty() || key.front() == '.' || key.back() == '.')
            fail(path, "\"" + key + "\" is not a dotted config path such as \"method.kd_loss_weight\"");
        if (!values.is_array() || values.empty())
            fail(path + "." + key, "must be a non-empty list of values, got " + shortDump(values));
        grid.fields.emplace_back(key, std::vector<nlohmann::json>(values.begin(), values.end()));
    }
    return grid;
}

/// "grid": one object (a product) or a list of objects (their union).
std::vector<SweepGrid> parseGrids(const nlohmann::json& value, const std::string& path)
{
    std::vector<SweepGrid> grids;
    if (value.is_null())
        return grids;
    if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i)
            grids.push_back(parseGridObject(value[i], path + "[" + std::to_string(i) + "]"));
        return grids;
    }
    grids.push_back(parseGridObject(value, path));
    return grids;
}

std::vector<uint64_t> parseSeeds(const nlohmann::json& value, const std::string& path)
{
    if (!value.is_array() || value.empty())
        fail(path, "expected a non-empty list of seeds such as [1, 2, 3], got " + shortDump(value));
    std::vector<uint64_t> seeds;
    for (const auto& seed : value) {
        if (!seed.is_number_integer() || seed.get<int64_t>() < 0)
            fail(path, "seeds are integers >= 0, got " + shortDump(seed));
        const auto s = seed.get<uint64_t>();
        if (std::find(seeds.begin(), seeds.end(), s) != seeds.end())
            fail(path, "seed " + std::to_string(s) + " is listed twice");
        seeds.push_back(s);
    }
    return seeds;
}

std::vector<std::string> parseReference(const nlohmann::json& value, const std::string& path)
{
    if (value.is_string())
        return {value.get<std::string>()};
    if (!value.is_array())
        fail(path, "expected a run name, \"@arm\", or a list of them (an ensemble), got " + shortDump(value));
    std::vector<std::string> reference;
    for (const auto& r : value) {
        if (!r.is_string() || r.get<std::string>().empty())
            fail(path, "expected run names or \"@arm\", got " + shortDump(r));
        reference.push_back(r.get<std::string>());
    }
    return reference;
}

/// The keys an arm and the top level share; the top level's are the arms' defaults.
struct ArmDefaults {
    nlohmann::json base = nlohmann::json::object();
    std::vector<std::pair<std::string, nlohmann::json>> set;
    std::vector<uint64_t> seeds;
    std::vector<std::string> reference;
    bool referenceGiven = false;
};

SweepArm parseArm(const nlohmann::json& json, const std::string& path, const ArmDefaults& defaults,
                  const fs::path& specDir, bool named)
{
    if (!json.is_object())
        fail(path, "expected an object, got " + shortDump(json));
    static const std::set<std::string> known = {"label", "base", "set", "grid", "seeds", "reference", "description"};
    for (const auto& [key, v] : json.items())
        if (!known.count(key))
            fail(path + "." + key, "unknown key (an arm takes label, base, set, grid, seeds, reference)");
    SweepArm arm;
    if (named) {
        if (!json.contains("label") || !json["label"].is_string())
            fail(path + ".label", "every arm needs a label (a string naming its runs)");
        arm.label = json["label"].get<std::string>();
        requireName(path + ".label", arm.label);
    }
    arm.base = json.contains("base") ? parseBase(json["base"], path + ".base", specDir) : defaults.base;
    arm.set = defaults.set;
    for (auto& entry : parseSet(json.value("set", nlohmann::json()), path + ".set"))
        arm.set.push_back(std::move(entry));
    arm.grids = parseGrids(json.value("grid", nlohmann::json()), path + ".grid");
    arm.seeds = json.contains("seeds") ? parseSeeds(json["seeds"], path + ".seeds") : defaults.seeds;
    if (arm.seeds.empty())
        fail(path + ".seeds", "no seeds: give \"seeds\": [1, 2, 3] in the arm or at the top of the spec");
    arm.referenceGiven = json.contains("reference") || defaults.referenceGiven;
    arm.reference =
        json.contains("reference") ? parseReference(json["reference"], path + ".reference") : defaults.reference;
    return arm;
}

} // namespace

void setDottedPath(nlohmann::json& object, const std::string& dottedPath, const nlohmann::json& value)
{
    nlohmann::json* node = &object;
    size_t start = 0;
    while (true) {
        const size_t dot = dottedPath.find('.', start);
        const std::string key = dottedPath.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (dot == std::string::npos) {
            (*node)[key] = value;
            return;
        }
        nlohmann::json& child = (*node)[key];
        if (!child.is_object())
            child = nlohmann::json::object(); // a null (absent) section, or a value the path goes through
        node = &child;
        start = dot + 1;
    }
}

SweepSpec parseSweepSpec(const nlohmann::json& json, const fs::path& specDir)
{
    if (!json.is_object())
        throw ConfigError("a sweep spec is a JSON object, got " + shortDump(json));
    static const std::set<std::string> known = {"name",  "description", "base", "set",      "grid",
                                                "seeds", "reference",   "old",  "baseline", "arms"};
    for (const auto& [key, v] : json.items())
        if (!known.count(key))
            fail(key, "unknown key (a sweep spec takes name, base, set, grid, seeds, reference, old, baseline, arms)");
    SweepSpec spec;
    if (!json.contains("name") || !json["name"].is_string())
        fail("name", "a sweep needs a name (a string; it prefixes its run folders)");
    spec.name = json["name"].get<std::string>();
    requireName("name", spec.name);

    ArmDefaults defaults;
    defaults.base = parseBase(json.value("base", nlohmann::json()), "base", specDir);
    defaults.set = parseSet(json.value("set", nlohmann::json()), "set");
    if (json.contains("seeds"))
        defaults.seeds = parseSeeds(json["seeds"], "seeds");
    defaults.referenceGiven = json.contains("reference");
    if (defaults.referenceGiven)
        defaults.reference = parseReference(json["reference"], "reference");

    if (json.contains("arms")) {
        if (json.contains("grid"))
            fail("grid", "with \"arms\", give each arm its own grid");
        const auto& arms = json["arms"];
        if (!arms.is_array() || arms.empty())
            fail("arms", "expected a non-empty list of arms, got " + shortDump(arms));
        for (size_t i = 0; i < arms.size(); ++i) {
            const std::string path = "arms[" + std::to_string(i) + "]";
            SweepArm arm = parseArm(arms[i], path, defaults, specDir, true);
            for (const SweepArm& other : spec.arms)
                if (other.label == arm.label)
                    fail(path + ".label", "\"" + arm.label + "\" names two arms");
            spec.arms.push_back(std::move(arm));
        }
    } else {
        nlohmann::json single = nlohmann::json::object();
        if (json.contains("grid"))
            single["grid"] = json["grid"];
        spec.arms.push_back(parseArm(single, "", defaults, specDir, false));
    }

    auto armOrRun = [&](const std::string& key) {
        const auto& value = json[key];
        if (!value.is_string() || value.get<std::string>().empty())
            fail(key, "expected \"@arm\" or a run name, got " + shortDump(value));
        return value.get<std::string>();
    };
    if (json.contains("old"))
        spec.old = armOrRun("old");
    if (json.contains("baseline")) {
        spec.baseline = armOrRun("baseline");
        if (spec.baseline.front() == '@')
            spec.baseline.erase(0, 1);
    }
    auto requireArm = [&](const std::string& key, const std::string& label) {
        for (const SweepArm& arm : spec.arms)
            if (arm.label == label)
                return;
        fail(key, "the sweep has no arm \"" + label + "\"");
    };
    if (!spec.old.empty() && spec.old.front() == '@')
        requireArm("old", spec.old.substr(1));
    if (!spec.baseline.empty())
        requireArm("baseline", spec.baseline);
    requireTrainableSize(spec);
    return spec;
}

SweepSpec readSweepSpec(const fs::path& file)
{
    if (!fs::exists(file))
        throw ConfigError(file.string() + ": no such sweep spec");
    nlohmann::json json;
    try {
        json = readJsonDocument(file);
    } catch (const DataError& e) {
        throw ConfigError(e.what());
    }
    try {
        SweepSpec spec = parseSweepSpec(json, fs::absolute(file).parent_path());
        spec.file = file;
        return spec;
    } catch (const ConfigError& e) {
        throw ConfigError(file.string() + ": " + e.what());
    }
}

} // namespace flipbench
