#include "flipbench/util/json_fields.h"

#include "flipbench/util/errors.h"

#include <cmath>
#include <sstream>

namespace flipbench {

namespace {

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

const nlohmann::json& nullJson()
{
    static const nlohmann::json value;
    return value;
}

} // namespace

std::string shortDump(const nlohmann::json& value)
{
    std::string text = value.dump();
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

JsonFields::JsonFields(const nlohmann::json& object, std::string path)
    : object_(object.is_null() ? nullJson() : object), path_(std::move(path))
{
    if (!object_.is_null() && !object_.is_object())
        throw ConfigError((path_.empty() ? std::string("config") : path_) + ": expected a JSON object, got " +
                          shortDump(object_));
}

const nlohmann::json* JsonFields::find(const std::string& key)
{
    known_.insert(key);
    if (object_.is_null())
        return nullptr;
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
}

void JsonFields::fail(const std::string& key, const std::string& reason) const
{
    throw ConfigError(pathOf(key) + ": " + reason);
}

std::string JsonFields::string(const std::string& key, const std::string& fallback)
{
    const auto* value = find(key);
    if (!value)
        return fallback;
    if (!value->is_string())
        fail(key, "expected a string, got " + shortDump(*value));
    return value->get<std::string>();
}

bool JsonFields::boolean(const std::string& key, bool fallback)
{
    const auto* value = find(key);
    if (!value)
        return fallback;
    if (!value->is_boolean())
        fail(key, "expected true or false, got " + shortDump(*value));
    return value->get<bool>();
}

int64_t JsonFields::integer(const std::string& key, int64_t fallback, int64_t min, int64_t max)
{
    const auto* value = find(key);
    if (!value)
        return fallback;
    // 3.0 is accepted as 3 (JSON writers often emit floats), 3.5 is not.
    if (!value->is_number() || (value->is_number_float() && std::floor(value->get<double>()) != value->get<double>()))
        fail(key, "expected an integer, got " + shortDump(*value));
    if (value->is_number_unsigned() && value->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
        fail(key, "must be <= " + std::to_string(max) + ", got " + shortDump(*value));
    // A float beyond int64 (1e30, or 40 digits that JSON readers turn into a double) must not reach
    // the conversion, whose result would be undefined (in practice INT64_MIN: "must be >= 1, got -9...").
    if (value->is_number_float() && value->get<double>() < static_cast<double>(min))
        fail(key, "must be >= " + std::to_string(min) + ", got " + shortDump(*value));
    if (value->is_number_float() && value->get<double>() > static_cast<double>(max))
        fail(key, "must be <= " + std::to_string(max) + ", got " + shortDump(*value));
    const auto number = value->is_number_float() ? static_cast<int64_t>(value->get<double>()) : value->get<int64_t>();
    if (number < min)
        fail(key, "must be >= " + std::to_string(min) + ", got " + std::to_string(number));
    if (number > max)
        fail(key, "must be <= " + std::to_string(max) + ", got " + std::to_string(number));
    return number;
}

double JsonFields::number(const std::string& key, double fallback, double min, double max, bool minExclusive)
{
    const auto* value = find(key);
    if (!value)
        return fallback;
    if (!value->is_number())
        fail(key, "expected a number, got " + shortDump(*value));
    const double number = value->get<double>();
    if (!std::isfinite(number))
        fail(key, "must be a finite number");
    if (minExclusive ? number <= min : number < min)
        fail(key, std::string("must be ") + (minExclusive ? "> " : ">= ") + formatNumber(min) + ", got " +
                      formatNumber(number));
    if (number > max)
        fail(key, "must be <= " + formatNumber(max) + ", got " + formatNumber(number));
    return number;
}

std::optional<double> JsonFields::optionalNumber(const std::string& key, double min, double max)
{
    if (!find(key))
        return std::nullopt;
    return number(key, 0, min, max);
}

std::vector<std::string> JsonFields::stringList(const std::string& key)
{
    const auto* value = find(key);
    if (!value)
        return {};
    if (value->is_string())
        return {value->get<std::string>()};
    std::vector<std::string> list;
    if (value->is_array())
        for (const auto& item : *value) {
            if (!item.is_string())
                fail(key, "expected strings in the list, got " + shortDump(item));
            list.push_back(item.get<std::string>());
        }
    else
        fail(key, "expected a string or a list of strings, got " + shortDump(*value));
    return list;
}

const nlohmann::json& JsonFields::object(const std::string& key)
{
    const auto* value = find(key);
    if (!value)
        return nullJson();
    if (!value->is_object())
        fail(key, "expected a JSON object, got " + shortDump(*value));
    return *value;
}

void JsonFields::rejectUnknownKeys() const
{
    if (!object_.is_object())
        return;
    for (auto it = object_.begin(); it != object_.end(); ++it) {
        if (known_.count(it.key()))
            continue;
        std::string knownList;
        for (const auto& k : known_)
            knownList += (knownList.empty() ? "" : ", ") + k;
        fail(it.key(), "unknown key (known keys here: " + knownList + ")");
    }
}

} // namespace flipbench
