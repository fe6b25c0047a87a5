#include "flipbench/util/atomic_file.h"

#include "flipbench/util/errors.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

/// Why a write failed, for a message: a full disk says so, with the space left.
std::string writeFailureReason(const fs::path& file, int error, const std::string& detail)
{
    std::error_code ec;
    const auto space = fs::space(file.parent_path().empty() ? fs::path(".") : file.parent_path(), ec);
    if (error == ENOSPC || error == EDQUOT || (!ec && space.available < (1u << 20)))
        return std::string(std::strerror(error == 0 ? ENOSPC : error)) + ": the disk is full (" +
               std::to_string(ec ? 0 : space.available >> 10) + " KiB free); free some space, then resume";
    if (error == EFBIG)
        return std::string(std::strerror(error)) + ": the file is over this process's file-size limit (ulimit -f)";
    if (error != 0)
        return std::strerror(error);
    const auto line = detail.find('\n');
    return line == std::string::npos ? detail : detail.substr(0, line);
}

} // namespace

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
    errno = 0;
    try {
        writer(tmp);
    } catch (const UserError&) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    } catch (const std::exception& e) {
        // A writer from a library (LibTorch's archive writer) fails with its own words; say which
        // file, and why, in the user's. The errno of the failed write is still set.
        const int error = errno;
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw UserError("Could not write " + file.string() + ": " + writeFailureReason(file, error, e.what()));
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
            throw UserError("Could not write " + file.string() + ": " +
                            writeFailureReason(file, errno, "write failed"));
    });
}

std::string readFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw DataError("Cannot open " + file.string() + ": no such file or no permission");
    // Read into one string of the file's size: a stringstream would hold the bytes twice, and the
    // files read here may be a user's 100 MB mistake.
    std::string text;
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > 0) {
        text.resize(static_cast<size_t>(size));
        in.read(text.data(), static_cast<std::streamsize>(size));
        text.resize(static_cast<size_t>(in.gcount()));
    }
    // Whatever the size said (a file still being written, /proc), read on to the end.
    char chunk[65536];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
        text.append(chunk, static_cast<size_t>(in.gcount()));
    if (in.bad())
        throw DataError("Could not read " + file.string() + " (I/O error)");
    return text;
}

} // namespace flipbench
