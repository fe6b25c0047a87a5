#include "flipbench/config/config_diff.h"

#include <algorithm>
#include <iomanip>
#include <locale>
#include <sstream>
#include <filesystem>
#include <map>

namespace flipbench {

namespace {

using Flat = std::map<std::string, nlohmann::json>;

void flatten(const nlohmann::json& value, const std::string& path, Flat& out)
{
    // An empty object stays a value: {"augment": {}} against no "augment" at all is a difference.
    if (!value.is_object() || (value.empty() && !path.empty())) {
        out.emplace(path, value);
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (path.empty() && it.key() == "versions")
            continue;
        flatten(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
    }
}

Flat flattened(const nlohmann::json& config)
{
    Flat out;
    if (config.is_object())
        flatten(config, "", out);
    else if (!config.is_null())
        out.emplace("(whole file)", config); // not an object: compared as one value
    return out;
}

std::string settingText(const std::string& path, const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "unset";
    case nlohmann::json::value_t::number_float: {
        // In the classic locale: a GUI under de_DE must still print 0.05, not 0,05.
        std::ostringstream text;
        text.imbue(std::locale::classic());
        text << std::setprecision(8) << value.get<double>();
        return text.str();
    }
    case nlohmann::json::value_t::string:
        return value.get<std::string>();
    case nlohmann::json::value_t::array: {
        if (value.empty())
            return "none";
        // Reference runs are stored as absolute paths: the folder name is what people recognise.
        const bool paths = path.size() >= 9 && path.compare(path.size() - 9, 9, "reference") == 0;
        std::string joined;
        for (const auto& item : value) {
            const std::string text = paths && item.is_string()
                                         ? std::filesystem::path(item.get<std::string>()).filename().string()
                                         : settingText(path, item);
            joined += (joined.empty() ? "" : ", ") + text;
        }
        return joined;
    }
    default: // booleans, integers, objects inside lists
        return value.dump();
    }
}

void collectSettings(const nlohmann::json& object, const std::string& prefix, std::vector<ConfigSetting>& out)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it.value().is_object())
            collectSettings(it.value(), path, out);
        else
            out.push_back({path, settingText(path, it.value())});
    }
}

} // namespace

std::vector<ConfigSetting> configSettings(const nlohmann::json& config)
{
    std::vector<ConfigSetting> settings;
    if (config.is_object())
        collectSettings(config, "", settings);
    return settings;
}

std::string settingValue(const std::vector<ConfigSetting>& settings, const std::string& path)
{
    const auto it = std::find_if(settings.begin(), settings.end(),
                                 [&](const ConfigSetting& setting) { return setting.path == path; });
    return it == settings.end() ? std::string() : it->value;
}

std::vector<ConfigDifference> diffConfigs(const nlohmann::json& a, const nlohmann::json& b)
{
    const Flat left = flattened(a), right = flattened(b);
    std::vector<ConfigDifference> differences;
    // Both maps are ordered by path: walk them together.
    auto l = left.begin();
    auto r = right.begin();
    while (l != left.end() || r != right.end()) {
        if (r == right.end() || (l != left.end() && l->first < r->first)) {
            differences.push_back({l->first, l->second, std::nullopt});
            ++l;
        } else if (l == left.end() || r->first < l->first) {
            differences.push_back({r->first, std::nullopt, r->second});
            ++r;
        } else {
            if (l->second != r->second)
                differences.push_back({l->first, l->second, r->second});
            ++l;
            ++r;
        }
    }
    return differences;
}

std::string formatConfigValue(const nlohmann::json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_array() && !value.empty()) {
        std::string joined;
        for (const auto& item : value) {
            if (!item.is_string())
                return value.dump();
            joined += (joined.empty() ? "" : ", ") + item.get<std::string>();
        }
        return joined;
    }
    if (value.is_array())
        return "none";
    return value.dump();
}

} // namespace flipbench
