#include "flipbench/compare/model_source.h"

namespace flipbench {

namespace {

/// The last path component, ignoring a trailing separator ("runs/a/" names "a").
std::string nameOf(const std::filesystem::path& path)
{
    const std::filesystem::path clean = path.has_filename() ? path : path.parent_path();
    return clean.filename().string();
}

} // namespace

std::string ModelSource::displayName() const
{
    if (!ensemble)
        return members.empty() ? std::string() : nameOf(members.front());
    std::string names;
    for (const auto& member : members)
        names += (names.empty() ? "" : " + ") + nameOf(member);
    return "Ensemble (" + names + ")";
}

std::string ModelSource::describe() const
{
    std::string text;
    for (const auto& member : members)
        text += (text.empty() ? "" : ",") + member.string();
    return text;
}

} // namespace flipbench
