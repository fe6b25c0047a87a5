#include "flipbench/config/presets.h"

#include "flipbench/util/errors.h"

#include <nlohmann/json.hpp>

namespace flipbench {

namespace detail {
const std::vector<std::pair<std::string, std::string>>& embeddedPresets(); // generated: presets_data.cpp
}

std::vector<std::string> presetNames()
{
    std::vector<std::string> names;
    for (const auto& [name, text] : detail::embeddedPresets())
        names.push_back(name);
    return names;
}

Preset loadPreset(const std::string& name)
{
    for (const auto& [presetName, text] : detail::embeddedPresets()) {
        if (presetName != name)
            continue;
        const auto json = nlohmann::json::parse(text);
        Preset preset;
        preset.name = name;
        preset.description = json.value("description", "");
        int index = 0;
        for (const auto& run : json.at("runs")) {
            try {
                preset.runs.push_back(parseRunConfig(run));
            } catch (const ConfigError& e) {
                throw ConfigError("preset " + name + ", run " + std::to_string(index) + ": " + e.what());
            }
            ++index;
        }
        return preset;
    }
    std::string known;
    for (const auto& n : presetNames())
        known += (known.empty() ? "" : ", ") + n;
    throw ConfigError("preset: \"" + name + "\" is not a preset (known: " + known + ")");
}

void resolvePlanReferences(RunConfig& config, const std::map<std::string, std::string>& trainedFolders)
{
    for (auto& reference : config.method.reference)
        if (const auto found = trainedFolders.find(reference); found != trainedFolders.end())
            reference = found->second;
}

} // namespace flipbench
