// HTTP(S) and file:// downloads into a part file with libcurl: resume with a Range request, progress
// and cancel through the transfer callbacks, and errors that say where the transfer stopped.

#include "flipbench/download/download.h"

#include "flipbench/download/download_rate.h"
#include "flipbench/util/version.h"

#include <curl/curl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <strings.h>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool startsWithNoCase(const std::string& text, const char* prefix)
{
    return text.size() >= std::strlen(prefix) && strncasecmp(text.c_str(), prefix, std::strlen(prefix)) == 0;
}

int64_t fileSizeOrZero(const fs::path& file)
{
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    return ec ? 0 : static_cast<int64_t>(size);
}

/// One transfer's state, shared with the libcurl callbacks.
struct Transfer {
    CURL* curl = nullptr;
    std::string url;
    fs::path partFile;
    bool isHttp = false;
    int64_t requestedOffset = 0; ///< the Range start asked for (0: whole file)
    int64_t expectedBytes = 0;
    DownloadProgressSink* sink = nullptr;
    const CancelToken* cancel = nullptr;

    std::FILE* file = nullptr;
    int64_t base = 0;    ///< bytes of the part file in front of this transfer's first byte
    int64_t written = 0; ///< bytes written by this transfer
    int64_t total = 0;   ///< size of the whole file, once the server said it
    long status = 0;
    bool badStatus = false;
    int64_t announcedBytes = -1; ///< the whole size the server announced, when it differs from expectedBytes
    int writeErrno = 0;
    std::string contentRange;
    DownloadRateMeter meter{DownloadProgress::Phase::Download, 0};

    int64_t done() const { return base + written; }

    /// Opens the part file on the first byte, once the status says whether the bytes continue it.
    bool openPartFile()
    {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        const char* mode = "wb";
        if (isHttp && status == 206) {
            // Only a range that starts exactly where the part file ends may be appended.
            long long start = -1;
            if (requestedOffset == 0 || std::sscanf(contentRange.c_str(), "bytes %lld-", &start) != 1 ||
                start != requestedOffset) {
                badStatus = true;
                return false;
            }
            mode = "ab";
            base = requestedOffset;
        } else if (isHttp && status != 200) {
            badStatus = true;
            return false;
        }
        // A server that announces another size serves another file: stop before downloading all of it.
        curl_off_t length = -1;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        if (expectedBytes > 0 && length >= 0 && base + length != expectedBytes) {
            announcedBytes = base + length;
            return false;
        }
        if (isHttp && status == 200 && requestedOffset > 0)
            sink->message("The server does not support resuming (it answered 200 to a range request); "
                          "downloading from the start.");
        file = std::fopen(partFile.c_str(), mode);
        if (!file) {
            writeErrno = errno;
            return false;
        }
        // Unbuffered: libcurl hands over blocks of up to 16 kB, each one write(), so the part file's size
        // is always what arrived, even if the process is killed (the next attempt resumes from it).
        std::setvbuf(file, nullptr, _IONBF, 0);
        meter = DownloadRateMeter(DownloadProgress::Phase::Download, base);
        return true;
    }
};

size_t onData(char* data, size_t size, size_t count, void* user)
{
    auto& t = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (!t.file && !t.openPartFile())
        return 0; // libcurl stops with CURLE_WRITE_ERROR; the fields above say why
    if (std::fwrite(data, 1, bytes, t.file) != bytes) {
        t.writeErrno = errno;
        return 0;
    }
    t.written += static_cast<int64_t>(bytes);
    return bytes;
}

size_t onHeader(char* data, size_t size, size_t count, void* user)
{
    auto& t = *static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (startsWithNoCase(line, "HTTP/"))
        t.contentRange.clear(); // a new response (after a redirect): forget the previous one's headers
    else if (startsWithNoCase(line, "Content-Range:")) {
        const auto begin = line.find_first_not_of(" \t", line.find(':') + 1);
        const auto end = line.find_last_not_of(" \t\r\n");
        t.contentRange = begin == std::string::npos || end < begin ? "" : line.substr(begin, end - begin + 1);
    }
    return size * count;
}

int onTransferInfo(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t)
{
    auto& t = *static_cast<Transfer*>(user);
    if (t.cancel->isCancelled())
        return 1; // CURLE_ABORTED_BY_CALLBACK; libcurl calls this at least once a second, even when stalled
    if (!t.file)
        return 0; // no body yet: whether a resumed download continues at its offset is still open
    const int64_t bytesTotal = total > 0 ? t.base + total : t.expectedBytes;
    t.total = bytesTotal;
    if (auto report = t.meter.sample(t.base + now, bytesTotal))
        t.sink->progress(*report);
    return 0;
}

/// Flushes, syncs and closes the part file; the error of the first step that failed, or 0.
int closePartFile(std::FILE*& file)
{
    if (!file)
        return 0;
    int error = 0;
    if (std::fflush(file) != 0 || ::fsync(::fileno(file)) != 0)
        error = errno;
    if (std::fclose(file) != 0 && error == 0)
        error = errno;
    file = nullptr;
    return error;
}

std::string keptNote(const Transfer& t)
{
    const int64_t kept = fileSizeOrZero(t.partFile);
    if (kept == 0)
        return "Check the address and your connection, then try again.";
    return "The " + std::to_string(kept) + " bytes received are kept in " + t.partFile.string() +
           "; run the download again to resume there.";
}

std::string positionText(const Transfer& t)
{
    std::string text = "at byte offset " + std::to_string(t.done());
    if (t.total > 0)
        text += " of " + std::to_string(t.total);
    return text;
}

[[noreturn]] void throwTransferError(const Transfer& t, CURLcode code, const char* curlMessage)
{
    const std::string detail = curlMessage[0] ? curlMessage : curl_easy_strerror(code);
    if (t.writeErrno != 0)
        throw DownloadError("Could not write the download of " + t.url + " to " + t.partFile.string() + " " +
                            positionText(t) + ": " + std::strerror(t.writeErrno) +
                            (t.writeErrno == ENOSPC ? ". Free some disk space, then run the download again: it "
                                                      "resumes from the bytes already written."
                                                    : ". Check that the folder is writable."));
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        throw DownloadError("Could not connect to " + t.url + ": " + detail +
                            ". Check the network connection, or pass another address (a mirror or a "
                            "file:// URL of a copy you already have).");
    case CURLE_FILE_COULDNT_READ_FILE:
        throw DownloadError("Could not read " + t.url + ": " + detail + ". Check the path of the local copy.");
    case CURLE_UNSUPPORTED_PROTOCOL:
        throw DownloadError("Cannot download " + t.url + ": " + detail + ". Use an http://, https:// or file:// URL.");
    default:
        throw DownloadError("The download of " + t.url + " stopped " + positionText(t) + ": " + detail + ". " +
                            keptNote(t));
    }
}

[[noreturn]] void throwStatusError(const Transfer& t)
{
    std::string what = "HTTP status " + std::to_string(t.status);
    if (t.status == 206)
        what += " with a Content-Range (\"" + t.contentRange + "\") that does not start at the requested byte " +
                std::to_string(t.requestedOffset);
    std::string advice = t.status == 404 || t.status == 410
                             ? "Check the address; the file may have moved (pass a mirror with its checksum)."
                             : "Try again later or pass a mirror.";
    throw DownloadError("The server of " + t.url + " answered " + what + " instead of the file. " + advice);
}

using CurlHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

} // namespace

PartDownloadResult downloadToPartFile(const std::string& address, const fs::path& partFile, int64_t expectedBytes,
                                      DownloadProgressSink& sink, const CancelToken& cancel)
{
    initCurlOnce();
    Transfer t;
    t.url = normalizeDownloadUrl(address);
    t.partFile = partFile;
    t.isHttp = startsWithNoCase(t.url, "http://") || startsWithNoCase(t.url, "https://");
    t.expectedBytes = expectedBytes;
    t.total = expectedBytes;
    t.sink = &sink;
    t.cancel = &cancel;

    PartDownloadResult result;
    const int64_t existing = fileSizeOrZero(partFile);
    if (expectedBytes > 0 && existing == expectedBytes) {
        sink.message("The download is already complete in " + partFile.string() + "; checking it.");
        result.partBytes = existing;
        return result;
    }
    // A part file longer than the whole file cannot be continued; only HTTP can ask for a range.
    if (existing > 0 && t.isHttp && (expectedBytes == 0 || existing < expectedBytes))
        t.requestedOffset = existing;

    CurlHandle handle(curl_easy_init(), &curl_easy_cleanup);
    if (!handle)
        throw DownloadError("Could not start a download of " + t.url + " (libcurl failed to initialise)");
    t.curl = handle.get();
    char curlMessage[CURL_ERROR_SIZE] = {};
    const std::string range = std::to_string(t.requestedOffset) + "-";
    const std::string userAgent = "flipbench/" + flipbenchVersion();
    CURL* c = t.curl;
    curl_easy_setopt(c, CURLOPT_URL, t.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, userAgent.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); // no SIGALRM from DNS timeouts: this runs on worker threads
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    // A transfer that stalls (under 1 byte/s for a minute) fails instead of hanging forever.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlMessage);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onTransferInfo);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    if (t.requestedOffset > 0) {
        curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
        sink.message("Resuming the download at byte " + std::to_string(t.requestedOffset) + " (" +
                     formatByteCount(t.requestedOffset) + " kept from an earlier attempt).");
    }

    const CURLcode code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.status);
    const int closeError = closePartFile(t.file);
    if (closeError != 0 && t.writeErrno == 0)
        t.writeErrno = closeError;

    if (code == CURLE_ABORTED_BY_CALLBACK && cancel.isCancelled()) {
        result.cancelled = true;
        result.partBytes = fileSizeOrZero(partFile);
        return result;
    }
    if (t.isHttp && t.status == 416 && t.requestedOffset > 0 && t.written == 0) {
        // Nothing lies past the end of the part file: it holds the whole file already (the checksum decides).
        sink.message("The server has nothing past byte " + std::to_string(t.requestedOffset) +
                     ": the earlier download was already complete.");
        result.partBytes = existing;
        return result;
    }
    if (t.badStatus || (code == CURLE_OK && t.isHttp && t.status != 200 && t.status != 206))
        throwStatusError(t);
    if (t.announcedBytes >= 0)
        throw DownloadError("The server of " + t.url + " announces a file of " + std::to_string(t.announcedBytes) +
                            " bytes, expected " + std::to_string(expectedBytes) +
                            ": it is not the expected archive, so it was not downloaded. Check the address; if it "
                            "is a mirror of a different build, pass that file's checksum.");
    if (code != CURLE_OK || t.writeErrno != 0)
        throwTransferError(t, code, curlMessage);

    result.partBytes = fileSizeOrZero(partFile);
    if (t.requestedOffset > 0 && t.base == t.requestedOffset)
        result.resumedFrom = t.requestedOffset;
    else if (t.requestedOffset > 0)
        result.restarted = true;
    if (auto report = t.meter.sample(result.partBytes, result.partBytes, true))
        sink.progress(*report);
    return result;
}

} // namespace flipbench
