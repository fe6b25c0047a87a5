#include "flipbench/download/download_checksum.h"

#include "flipbench/download/download_rate.h"
#include "flipbench/util/errors.h"

#include <openssl/evp.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <memory>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestContext newSha256()
{
    DigestContext context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
    return context;
}

std::string finishHex(EVP_MD_CTX* context)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context, digest, &length) != 1)
        throw std::runtime_error("OpenSSL could not finish a SHA-256 digest");
    static const char* const kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

} // namespace

std::string sha256Hex(const std::string& bytes)
{
    const DigestContext context = newSha256();
    EVP_DigestUpdate(context.get(), bytes.data(), bytes.size());
    return finishHex(context.get());
}

std::optional<std::string> sha256OfFile(const fs::path& file, DownloadProgressSink& sink, const CancelToken& cancel)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw DataError("Cannot open " + file.string() + " to check its checksum");
    std::error_code ec;
    const auto total = static_cast<int64_t>(fs::file_size(file, ec));
    const DigestContext context = newSha256();
    DownloadRateMeter meter(DownloadProgress::Phase::Verify, 0);
    std::vector<char> block(1 << 20);
    int64_t done = 0;
    while (in) {
        if (cancel.isCancelled())
            return std::nullopt;
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto count = in.gcount();
        EVP_DigestUpdate(context.get(), block.data(), static_cast<size_t>(count));
        done += count;
        if (auto report = meter.sample(done, total))
            sink.progress(*report);
    }
    if (in.bad())
        throw DataError("Could not read " + file.string() + " at byte offset " + std::to_string(done) +
                        " while checking its checksum (I/O error)");
    if (auto report = meter.sample(done, total, true))
        sink.progress(*report);
    return finishHex(context.get());
}

std::string normalizeSha256(const std::string& text, const std::string& what)
{
    std::string hex;
    for (const unsigned char c : text)
        hex += static_cast<char>(std::tolower(c));
    const bool valid = hex.size() == 64 && hex.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!valid)
        throw UserError(what + ": expected a SHA-256 checksum of 64 hex digits, got \"" + text + "\"");
    return hex;
}

} // namespace flipbench
