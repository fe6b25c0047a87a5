#include "cli/arguments.h"

namespace flipbench::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flags)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            positionals_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2), inlineValue;
        const auto equals = name.find('=');
        const bool hasInline = equals != std::string::npos;
        if (hasInline) {
            inlineValue = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (flags.count(name) && !hasInline) {
            flags_.insert(name);
        } else if (valueOptions.count(name)) {
            if (hasInline) {
                values_[name].push_back(inlineValue);
            } else if (i + 1 < args.size()) {
                values_[name].push_back(args[++i]);
            } else {
                throw UsageError{"option --" + name + " needs a value"};
            }
        } else {
            throw UsageError{"unknown option --" + name};
        }
    }
}

void Arguments::requirePositionals(size_t count, const std::string& what) const
{
    if (positionals_.size() != count)
        throw UsageError{"expected " + what + ", got " + std::to_string(positionals_.size()) + " argument(s)"};
}

void Arguments::requireAtLeastPositionals(size_t count, const std::string& what) const
{
    if (positionals_.size() < count)
        throw UsageError{"expected " + what + ", got " + std::to_string(positionals_.size()) + " argument(s)"};
}

std::optional<std::string> Arguments::value(const std::string& option) const
{
    auto it = values_.find(option);
    return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second.back());
}

std::vector<std::string> Arguments::values(const std::string& option) const
{
    auto it = values_.find(option);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Arguments::required(const std::string& option) const
{
    if (auto v = value(option))
        return *v;
    throw UsageError{"option --" + option + " is required"};
}

} // namespace flipbench::cli
