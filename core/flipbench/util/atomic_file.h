#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace flipbench {

/// Writes `file` through a temporary sibling and a rename, so that a crash or a full disk never
/// leaves a half-written file under the final name. `writer` writes to the path it is given.
void writeAtomically(const std::filesystem::path& file,
                     const std::function<void(const std::filesystem::path& tmp)>& writer);

void writeTextAtomically(const std::filesystem::path& file, const std::string& text);

/// The whole file as bytes (text or binary); DataError when it cannot be opened.
std::string readFile(const std::filesystem::path& file);

} // namespace flipbench
