#include "flipbench/gate/protected_samples.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <charconv>
#include <set>
#include <sstream>

namespace flipbench {

std::vector<int64_t> readProtectedSamples(const std::filesystem::path& file)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw DataError("--protect " + file.string() +
                        ": no such file; give a text file with one test-sample index per line");
    std::istringstream in(readFile(file));
    std::vector<int64_t> indices;
    std::set<int64_t> seen;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const size_t hash = line.find('#');
        if (hash != std::string::npos)
            line.erase(hash);
        const size_t begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos)
            continue;
        const size_t end = line.find_last_not_of(" \t\r") + 1;
        const std::string text = line.substr(begin, end - begin);
        int64_t index = -1;
        const auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), index);
        if (error != std::errc() || rest != text.data() + text.size() || index < 0)
            throw DataError(file.string() + ":" + std::to_string(number) + ": \"" + text +
                            "\" is not a test-sample index (a whole number >= 0, as `compare --samples` "
                            "prints in its index column); comments start with #");
        if (seen.insert(index).second)
            indices.push_back(index);
    }
    return indices;
}

} // namespace flipbench
