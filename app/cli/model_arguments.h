#pragma once

// The model arguments of compare, pairwise and check: a run name in a workspace, a run folder, a
// `.result` file, or an ensemble of runs joined by commas. One reading for every command, so
// `check` takes exactly what `compare` takes.

#include <flipbench/compare/model_source.h>

#include <filesystem>
#include <optional>
#include <string>

namespace flipbench::cli {

/// A run as given: with --workspace, a NAME there (as `list` shows it, and as the GUI's --compare
/// takes it); otherwise, or when there is no such run, a run folder or .result file path. `role`
/// names the argument in errors ("RUN_A (old)").
std::filesystem::path resolveRun(const std::string& given, const std::optional<std::string>& workspace,
                                 const std::string& role);

/// One model argument: a run (name or path) or `.result` file, or an ensemble written as its
/// members joined by commas ("run1,run2,run3"). A path that exists as given is a single model even
/// when its name holds a comma.
ModelSource resolveModel(const std::string& given, const std::optional<std::string>& workspace,
                         const std::string& role);

} // namespace flipbench::cli
