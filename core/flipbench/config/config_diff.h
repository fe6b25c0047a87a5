#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// One setting that is not the same in two run configs.
struct ConfigDifference {
    std::string path;                ///< dotted, e.g. "train.lr" or "method.fd.temperature"
    std::optional<nlohmann::json> a; ///< the value in the first config; none where it lacks the setting
    std::optional<nlohmann::json> b;
};

/// The settings of two config.json objects that differ, ordered by path. Nested objects are
/// flattened to dotted paths (an empty object is a value of its own); arrays are compared whole.
/// Numbers compare by value (1 equals 1.0). The top-level "versions" (the build that wrote the
/// file) is left out: it is a record, not a setting.
std::vector<ConfigDifference> diffConfigs(const nlohmann::json& a, const nlohmann::json& b);

/// A config value as a person reads it: a string without quotes, a list of strings joined by
/// ", " ("none" when empty), anything else as compact JSON.
std::string formatConfigValue(const nlohmann::json& value);

/// One setting of a config.json as a table for people shows it (the report's configuration and
/// hyperparameter tables).
struct ConfigSetting {
    std::string path;  ///< dotted, e.g. "train.lr"
    std::string value; ///< "0.05", "true", "unset" (null), "old-a, old-b" (reference runs by folder name)
};

/// Every setting of a config.json, keys sorted at each level: nested objects flattened to dotted paths (an
/// empty object has no setting), null as "unset", numbers in at most 8 significant digits
/// (integers whole), lists joined by ", " ("none" when empty) with the reference runs' absolute
/// paths shortened to their folder names. Empty for anything but a JSON object.
std::vector<ConfigSetting> configSettings(const nlohmann::json& config);

/// The value at `path` among `settings` ("" when there is none).
std::string settingValue(const std::vector<ConfigSetting>& settings, const std::string& path);

} // namespace flipbench
