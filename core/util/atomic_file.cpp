#include "flipbench/util/atomic_file.h"

#include "flipbench/util/errors.h"

#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench {

void writeAtomically(const fs::path& file, const std::function<void(const fs::path& tmp)>& writer)
{
    // The temporary lives next to the target so that the rename stays on one file system and is
    // atomic (rename is atomic on NFS too: the server does it). Host and pid keep two writers of the
    // same file from sharing a temporary, also when they run on two machines of a cluster whose
    // pids may be equal.
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    fs::path tmp = file;
    tmp += ".tmp-" + std::string(host) + "-" + std::to_string(::getpid());
    try {
        writer(tmp);
    } catch (...) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw UserError("Could not write " + file.string() + ": " + ec.message());
    }
}

void writeTextAtomically(const fs::path& file, const std::string& text)
{
    writeAtomically(file, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out)
            throw UserError("Could not write " + file.string() + " (disk full or no permission?)");
    });
}

std::string readFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw DataError("Cannot open " + file.string() + ": no such file or no permission");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace flipbench
