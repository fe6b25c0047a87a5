#pragma once

#include "flipbench/config/run_config.h"

#include <map>
#include <string>
#include <vector>

namespace flipbench {

/// A preset is a plan: runs trained in order, later ones naming earlier ones (by run name) as
/// their reference. The files in resources/presets/ are compiled into the library, so the CLI and
/// the GUI find them wherever they are installed.
struct Preset {
    std::string name;
    std::string description;
    std::vector<RunConfig> runs;
};

std::vector<std::string> presetNames();

/// Throws ConfigError naming the known presets when `name` is not one of them.
Preset loadPreset(const std::string& name);

/// Replaces references naming a run of the same plan (by its config name) with the folder that
/// run was trained in. Other references are left for the usual resolution.
void resolvePlanReferences(RunConfig& config, const std::map<std::string, std::string>& trainedFolders);

} // namespace flipbench
