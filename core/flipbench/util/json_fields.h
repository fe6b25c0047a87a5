#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace flipbench {

/// Reads the fields of one JSON object with its path for error messages, type- and range-checks
/// each, and rejects keys nobody asked for. Every error is a ConfigError "path.key: reason".
class JsonFields {
public:
    /// `object` may be null (all fields take their defaults); anything else but an object is an error.
    JsonFields(const nlohmann::json& object, std::string path);

    std::string string(const std::string& key, const std::string& fallback);
    bool boolean(const std::string& key, bool fallback);
    int64_t integer(const std::string& key, int64_t fallback, int64_t min, int64_t max);
    /// `minExclusive`: the value must be > min rather than >= min.
    double number(const std::string& key, double fallback, double min, double max, bool minExclusive = false);
    std::optional<double> optionalNumber(const std::string& key, double min, double max);
    /// A string or an array of strings (empty when absent).
    std::vector<std::string> stringList(const std::string& key);
    /// A nested object (or null when absent), marked as read.
    const nlohmann::json& object(const std::string& key);
    /// Accepts `key` whatever its value, without reading it.
    void ignore(const std::string& key) { known_.insert(key); }
    std::string pathOf(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

    /// Throws for any key that none of the calls above asked for.
    void rejectUnknownKeys() const;

private:
    const nlohmann::json* find(const std::string& key);
    [[noreturn]] void fail(const std::string& key, const std::string& reason) const;

    const nlohmann::json& object_;
    std::string path_;
    std::set<std::string> known_;
};

/// One-line rendering of a JSON value for messages.
std::string shortDump(const nlohmann::json& value);

} // namespace flipbench
