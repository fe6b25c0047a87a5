// The words around a download: the address libcurl is given, and byte counts as people read them.

#include "flipbench/download/download.h"

#include <cctype>
#include <cstdio>
#include <cstring>

namespace fs = std::filesystem;

namespace flipbench {

std::string normalizeDownloadUrl(const std::string& address)
{
    if (address.empty())
        throw UserError("No download address given: pass an http://, https:// or file:// URL");
    const auto scheme = address.find("://");
    if (scheme == std::string::npos) {
        // A plain path: a local copy of the archive. libcurl wants it as an escaped file:// URL.
        std::string url = "file://";
        const std::string absolute = fs::absolute(address).lexically_normal().string();
        for (const unsigned char c : absolute) {
            if (std::isalnum(c) || std::strchr("/-._~", c))
                url += static_cast<char>(c);
            else {
                char escaped[4];
                std::snprintf(escaped, sizeof escaped, "%%%02X", c);
                url += escaped;
            }
        }
        return url;
    }
    std::string name = address.substr(0, scheme);
    for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "http" && name != "https" && name != "file")
        throw UserError("Cannot download from " + address + ": only http://, https:// and file:// addresses work");
    return address;
}

std::string formatByteCount(int64_t bytes)
{
    char buffer[32];
    const double value = static_cast<double>(bytes);
    if (bytes < 1000)
        std::snprintf(buffer, sizeof buffer, "%lld B", static_cast<long long>(bytes));
    else if (bytes < 1000 * 1000)
        std::snprintf(buffer, sizeof buffer, "%.1f kB", value / 1e3);
    else if (bytes < int64_t(1000) * 1000 * 1000)
        std::snprintf(buffer, sizeof buffer, "%.1f MB", value / 1e6);
    else
        std::snprintf(buffer, sizeof buffer, "%.2f GB", value / 1e9);
    return buffer;
}

} // namespace flipbench
