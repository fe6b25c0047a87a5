#include "flipbench/util/json_document.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <set>
#include <vector>

namespace flipbench {

namespace {

/// What the parser callback found wrong; thrown out of nlohmann's parser, caught below.
struct RefusedJson {
    std::string reason;
};

/// Cut for messages: a 400-digit number or a megabyte key is quoted in part only.
std::string clipped(const std::string& text, size_t limit = 160)
{
    return text.size() <= limit ? text : text.substr(0, limit) + "... (" + std::to_string(text.size()) + " bytes)";
}

} // namespace

nlohmann::json parseJsonDocument(const std::string& text, const std::string& source)
{
    // One set of keys per open object or array (arrays hold none), innermost last.
    std::vector<std::set<std::string>> keys;
    const nlohmann::json::parser_callback_t watch = [&keys](int depth, nlohmann::json::parse_event_t event,
                                                            nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
        case Event::object_start:
        case Event::array_start:
            if (depth >= kMaxJsonDepth)
                throw RefusedJson{"it nests deeper than " + std::to_string(kMaxJsonDepth) +
                                  " levels; no Flipbench document does"};
            keys.emplace_back();
            break;
        case Event::object_end:
        case Event::array_end:
            if (!keys.empty())
                keys.pop_back();
            break;
        case Event::key:
            if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
                throw RefusedJson{"the key \"" + clipped(parsed.get<std::string>()) +
                                  "\" appears twice in one object; keep one"};
            break;
        case Event::value:
            break;
        }
        return true;
    };
    try {
        return nlohmann::json::parse(text, watch);
    } catch (const RefusedJson& refused) {
        throw DataError(source + " is not valid JSON: " + refused.reason);
    } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range.406: a number too large
        throw DataError(source + " is not valid JSON: " + clipped(e.what(), 300));
    }
}

nlohmann::json readJsonDocument(const std::filesystem::path& file)
{
    return parseJsonDocument(readFile(file), file.string());
}

} // namespace flipbench
