// download-cifar10: the official CIFAR-10 binary archive into a data folder, with a progress bar.

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/interrupt_guard.h"
#include "cli/terminal_progress.h"

#include <flipbench/util/build_parts.h>

#if FLIPBENCH_HAS_DOWNLOAD
#include <flipbench/download/download_checksum.h>
#include <flipbench/download/download_cifar10.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace flipbench::cli {

#if !FLIPBENCH_HAS_DOWNLOAD

int commandDownloadCifar10(const std::vector<std::string>&)
{
    throw MissingPartError(BuildPart::Download, "download-cifar10",
                           "Or download cifar-10-binary.tar.gz on another machine and unpack it here with "
                           "`tar xzf cifar-10-binary.tar.gz -C DIR`.");
}

#else

namespace {

const char* phaseName(DownloadProgress::Phase phase)
{
    switch (phase) {
    case DownloadProgress::Phase::Download:
        return "download";
    case DownloadProgress::Phase::Verify:
        return "verify";
    case DownloadProgress::Phase::Extract:
        return "unpack";
    }
    return "";
}

/// A redrawn bar on a terminal ("download [#####.....] 52.4 MB/170.1 MB 11.2 MB/s ETA 0m11s"), plain
/// lines every few seconds and at the end of each phase otherwise, so logs stay readable.
class DownloadBar final : public DownloadProgressSink {
public:
    explicit DownloadBar(std::FILE* out) : out_(out), interactive_(::isatty(::fileno(out)) == 1) {}
    ~DownloadBar() override { clearBar(); }

    void progress(const DownloadProgress& p) override
    {
        const bool phaseDone = p.bytesTotal > 0 && p.bytesDone >= p.bytesTotal;
        const auto now = std::chrono::steady_clock::now();
        const auto interval = interactive_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
        if (!phaseDone && p.phase == lastPhase_ && now - lastDraw_ < interval)
            return;
        if (!interactive_ && phaseDone && p.phase == lastPhase_ && lastWasDone_)
            return; // one "done" line per phase in a log
        lastDraw_ = now;
        lastPhase_ = p.phase;
        lastWasDone_ = phaseDone;

        std::string amount = formatByteCount(p.bytesDone);
        if (p.bytesTotal > 0)
            amount += "/" + formatByteCount(p.bytesTotal);
        const std::string rate = formatByteCount(static_cast<int64_t>(p.bytesPerSecond)) + "/s";
        if (interactive_) {
            constexpr int width = 24;
            const double fraction =
                p.bytesTotal > 0 ? static_cast<double>(p.bytesDone) / static_cast<double>(p.bytesTotal) : 0;
            const int filled = std::min(width, static_cast<int>(fraction * width));
            std::string bar(static_cast<size_t>(filled), '#');
            bar.append(static_cast<size_t>(width - filled), '.');
            std::fprintf(out_, "\r\033[K%-8s [%s] %s %s ETA %s", phaseName(p.phase), bar.c_str(), amount.c_str(),
                         rate.c_str(), formatDuration(p.etaSeconds).c_str());
            barShown_ = true;
        } else {
            std::fprintf(out_, "%s %s %s ETA %s\n", phaseName(p.phase), amount.c_str(), rate.c_str(),
                         formatDuration(p.etaSeconds).c_str());
        }
        std::fflush(out_);
    }

    void message(const std::string& text) override
    {
        clearBar();
        std::fprintf(out_, "%s\n", text.c_str());
        std::fflush(out_);
    }

private:
    void clearBar()
    {
        if (barShown_) {
            std::fputs("\r\033[K", out_);
            barShown_ = false;
        }
    }

    std::FILE* out_;
    bool interactive_;
    bool barShown_ = false;
    bool lastWasDone_ = false;
    DownloadProgress::Phase lastPhase_ = DownloadProgress::Phase::Download;
    std::chrono::steady_clock::time_point lastDraw_{};
};

} // namespace

int commandDownloadCifar10(const std::vector<std::string>& args)
{
    const Arguments a(args, {"url", "sha256"}, {});
    a.requirePositionals(1, "DIR");
    Cifar10DownloadRequest request;
    request.dir = a.positionals()[0];
    if (const auto url = a.value("url"))
        request.url = *url;
    if (const auto sha256 = a.value("sha256"))
        request.sha256 = normalizeSha256(*sha256, "--sha256");
    request.url = normalizeDownloadUrl(request.url);

    CancelToken cancel;
    Cifar10DownloadOutcome outcome;
    std::string failure;
    {
        // Ctrl-C stops at the next progress callback (within a second) and keeps the part file.
        const InterruptGuard interrupts(cancel);
        DownloadBar bar(stderr);
        std::fprintf(stderr, "Downloading %s into %s\n", request.url.c_str(),
                     fs::absolute(request.dir).lexically_normal().string().c_str());
        try {
            outcome = downloadCifar10(request, bar, cancel);
        } catch (const DownloadError& e) {
            failure = e.what(); // a failed transfer or a checksum mismatch: exit 1, like a failed run
        }
    }
    if (!failure.empty()) {
        std::fprintf(stderr, "flipbench-cli download-cifar10: %s\n", failure.c_str());
        return kExitRunFailed;
    }
    std::fprintf(stderr, "%s\n", outcome.message.c_str());
    if (outcome.state == Cifar10DownloadState::Cancelled)
        return kExitRunFailed;
    // The data folder as the last line of stdout, for scripts (as `train` prints the run folder).
    std::printf("%s\n", outcome.cifarDir.string().c_str());
    std::fflush(stdout);
    return kExitOk;
}

#endif // FLIPBENCH_HAS_DOWNLOAD

} // namespace flipbench::cli
