#pragma once

#include <flipbench/util/split_list.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace flipbench::cli {

/// Thrown for a command line that cannot be understood; main prints it with the usage, exit code 2.
struct UsageError {
    std::string message;
};

/// Command-line arguments of one sub-command: positionals, `--name VALUE` options and `--flag`s.
class Arguments {
public:
    /// `valueOptions` take a value (`--workspace DIR` or `--workspace=DIR`); `flags` do not.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
              const std::set<std::string>& flags);

    const std::vector<std::string>& positionals() const { return positionals_; }
    /// Exactly `count` positionals, named in `what` for the error ("RUN_A RUN_B").
    void requirePositionals(size_t count, const std::string& what) const;
    /// At least `count` positionals, named in `what` for the error ("RUN RUN [RUN ...]").
    void requireAtLeastPositionals(size_t count, const std::string& what) const;
    /// The option's value; given more than once, the last one.
    std::optional<std::string> value(const std::string& option) const;
    /// Every value of an option that may be repeated (`--sbatch-arg A --sbatch-arg B`), in order.
    std::vector<std::string> values(const std::string& option) const;
    std::string required(const std::string& option) const;
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }

private:
    std::vector<std::string> positionals_;
    std::map<std::string, std::vector<std::string>> values_;
    std::set<std::string> flags_;
};

/// splitList lives in the core (flipbench/util/split_list.h), shared with its parsers.
using flipbench::splitList;

} // namespace flipbench::cli
