#pragma once

// The file of "golden" test samples for `check --protect`: one test-sample index per line (the
// index `compare --samples` prints), with blank lines and `#` comments allowed, so a team can keep
// the list in its repository with a word on why each sample matters.

#include <cstdint>
#include <filesystem>
#include <vector>

namespace flipbench {

/// The indices in `file`, in file order, duplicates removed. Throws DataError naming the file and
/// line of anything that is not a non-negative integer, or when the file cannot be read.
std::vector<int64_t> readProtectedSamples(const std::filesystem::path& file);

} // namespace flipbench
