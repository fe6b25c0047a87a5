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

} // namespace flipbench
