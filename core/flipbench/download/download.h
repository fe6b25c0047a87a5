#pragma once

#include "flipbench/util/cancel_token.h"
#include "flipbench/util/errors.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace flipbench {

/// Where a download stands. The core reports it at most ten times a second plus once at the end of
/// each phase, so a sink may draw every report.
struct DownloadProgress {
    enum class Phase { Download, Verify, Extract };
    Phase phase = Phase::Download;
    int64_t bytesDone = 0;     ///< of the whole file, including bytes kept from an earlier attempt
    int64_t bytesTotal = 0;    ///< 0 when unknown (a server that sends no length)
    double bytesPerSecond = 0; ///< recent rate, smoothed over a few seconds
    double etaSeconds = -1;    ///< -1 when unknown
};

/// Receives download progress on the thread that downloads (the GUI forwards it as queued signals,
/// the CLI draws a progress bar).
class DownloadProgressSink {
public:
    virtual ~DownloadProgressSink() = default;
    virtual void progress(const DownloadProgress&) {}
    /// Notes for the user ("resuming at byte 52,428,800", "checksum verified").
    virtual void message(const std::string&) {}
};

class NullDownloadProgressSink final : public DownloadProgressSink {};

/// A download that failed: network, HTTP status, disk, checksum. The message names the address,
/// the byte offset or status, and what to do.
class DownloadError : public UserError {
public:
    using UserError::UserError;
};

/// What downloadToPartFile did.
struct PartDownloadResult {
    bool cancelled = false;
    int64_t partBytes = 0;   ///< size of the part file afterwards
    int64_t resumedFrom = 0; ///< > 0 when the server continued an earlier partial download there
    bool restarted = false;  ///< a partial download existed but the server sent the whole file again
};

/// Downloads `url` (http, https or file) into `partFile`. When `partFile` already holds bytes from an
/// interrupted attempt, an HTTP(S) download asks for the rest with `Range: bytes=N-`; a server that
/// answers 200 instead of 206 is read from the start again. `expectedBytes` (0 = unknown) lets a
/// part file that is already complete skip the network. Redirects are followed (http/https only).
/// A cancel leaves the part file as it is, for the next call to resume. Throws DownloadError.
PartDownloadResult downloadToPartFile(const std::string& url, const std::filesystem::path& partFile,
                                      int64_t expectedBytes, DownloadProgressSink& sink, const CancelToken& cancel);

/// A download address as libcurl wants it: a URL is kept, a local file path becomes a file:// URL.
/// Throws UserError for an empty address or a scheme other than http, https and file.
std::string normalizeDownloadUrl(const std::string& address);

/// "170.1 MB", "512 B": sizes in messages and progress bars (decimal units, as servers list them).
std::string formatByteCount(int64_t bytes);

} // namespace flipbench
