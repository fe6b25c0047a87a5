#pragma once

// Runs that differ only in their seed form a group: the unit every statistic over seeds is taken
// over (mean ± sd, intervals, differences between methods).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

struct RunGroup {
    /// The sweep arm and grid values ("fd kd_loss_weight=0.5"), else the run name without its seed
    /// suffix ("quick-fd" for quick-fd-s2, quick-fd-s3).
    std::string label;
    std::string method; ///< baseline, fd, ldi; "imported" for an imported model
    /// What a selection compares settings within: the sweep arm, else the method.
    std::string family;
    std::string sweep;                       ///< the sweep it belongs to ("" for runs trained on their own)
    std::string point;                       ///< the grid values ("" without)
    std::vector<std::filesystem::path> runs; ///< in workspace order
    std::vector<uint64_t> seeds;
    std::vector<std::string> references; ///< reference folder names, shared by every run of the group
};

/// Groups run folders by their resolved config with the seed, the name and the settings that do
/// not change what is computed (threads, log interval) left out. A folder whose config.json does not
/// read is a group of its own. Groups are in the order of their first run.
std::vector<RunGroup> groupRuns(const std::vector<std::filesystem::path>& runDirs);

/// "quick-fd" for "quick-fd-s12"; the name itself when it has no -s<digits> suffix.
std::string withoutSeedSuffix(const std::string& runName);

} // namespace flipbench
