#include "cli/model_arguments.h"

#include "cli/arguments.h"

#include <flipbench/util/errors.h>

namespace flipbench::cli {

namespace fs = std::filesystem;

std::filesystem::path resolveRun(const std::string& given, const std::optional<std::string>& workspace,
                                 const std::string& role)
{
    const fs::path path(given);
    if (given.empty())
        throw UserError(role + ": an empty run name (two commas in a row, or one at the end?); separate the "
                               "members of an ensemble with single commas, e.g. run1,run2,run3");
    if (!workspace || path.is_absolute())
        return path;
    std::error_code ec;
    if (!fs::is_directory(*workspace, ec))
        throw UserError("Workspace " + *workspace + " does not exist or is not a folder");
    const fs::path named = fs::path(*workspace) / path;
    if (fs::exists(named, ec))
        return named;
    if (fs::exists(path, ec))
        return path;
    throw UserError(role + ": no run named \"" + given + "\" in workspace " + *workspace +
                    ", and no file or folder of that name here; `flipbench-cli list --workspace " + *workspace +
                    "` shows the workspace's runs");
}

ModelSource resolveModel(const std::string& given, const std::optional<std::string>& workspace, const std::string& role)
{
    std::error_code ec;
    const bool exists = fs::exists(given, ec) || (workspace && fs::exists(fs::path(*workspace) / given, ec));
    if (given.find(',') == std::string::npos || exists)
        return ModelSource::single(resolveRun(given, workspace, role));
    std::vector<fs::path> members;
    for (const std::string& member : splitList(given, ','))
        members.push_back(resolveRun(member, workspace, role + " (ensemble member)"));
    return ModelSource::ensembleOf(std::move(members));
}

} // namespace flipbench::cli
