#include "flipbench/runs/run_notes.h"

#include "flipbench/util/errors.h"

#include <algorithm>
#include <filesystem>

namespace flipbench {

namespace {

constexpr const char* kNotesFile = "notes.json";

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> cleanTags(const std::vector<std::string>& tags)
{
    std::string joined;
    for (const auto& tag : tags)
        joined += tag + ",";
    return parseTags(joined);
}

} // namespace

std::vector<std::string> parseTags(const std::string& text)
{
    std::vector<std::string> tags;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string tag = trimmed(text.substr(start, comma - start));
        if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end())
            tags.push_back(tag);
        start = comma + 1;
    }
    return tags;
}

RunNotes readRunNotes(const RunFolder& run)
{
    RunNotes notes;
    if (!std::filesystem::is_regular_file(run.file(kNotesFile)))
        return notes; // nothing written about this run yet
    const nlohmann::json json = run.readJson(kNotesFile);
    try {
        if (!json.is_object())
            throw DataError("expected a JSON object");
        notes.tags = cleanTags(json.value("tags", std::vector<std::string>{}));
        notes.note = json.value("note", std::string());
    } catch (const std::exception& e) {
        throw DataError(run.file(kNotesFile).string() + " is damaged: " + e.what());
    }
    return notes;
}

void writeRunNotes(const RunFolder& run, const RunNotes& notes)
{
    run.writeJson(kNotesFile, {{"tags", cleanTags(notes.tags)}, {"note", notes.note}});
}

} // namespace flipbench
