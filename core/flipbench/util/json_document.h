#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace flipbench {

/// Deeper than this, a JSON document is refused (see parseJsonDocument).
constexpr int kMaxJsonDepth = 64;

/// Parses a JSON document that a user or another program handed us: a run config, a sweep spec, a
/// notebook dictionary, a workspace file. Beyond the grammar (which already refuses NaN and
/// Infinity) it refuses what no Flipbench document holds and what would hurt: nesting deeper
/// than kMaxJsonDepth (dumping or walking it recursively would overflow the stack), a key twice in
/// one object (parsers silently keep one; "lr" twice in a config is a mistake, not a choice), and
/// numbers beyond a double. Throws DataError "SOURCE is not valid JSON: ..." with a message of
/// bounded length.
nlohmann::json parseJsonDocument(const std::string& text, const std::string& source);

/// readFile, then parseJsonDocument with the file's path as the source.
nlohmann::json readJsonDocument(const std::filesystem::path& file);

} // namespace flipbench
