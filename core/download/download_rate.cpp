#include "flipbench/download/download_rate.h"

namespace flipbench {

namespace {

constexpr auto kReportInterval = std::chrono::milliseconds(100);
constexpr double kWindowSeconds = 0.5; ///< the rate is measured over windows this long...
constexpr double kSmoothing = 0.3;     ///< ...and each window moves it this far (about 3 s of memory)

} // namespace

DownloadRateMeter::DownloadRateMeter(DownloadProgress::Phase phase, int64_t startBytes, Clock::time_point now)
    : phase_(phase), windowStart_(now), windowBytes_(startBytes)
{
}

std::optional<DownloadProgress> DownloadRateMeter::sample(int64_t bytesDone, int64_t bytesTotal, bool force,
                                                          Clock::time_point now)
{
    const double windowSeconds = std::chrono::duration<double>(now - windowStart_).count();
    if (windowSeconds >= kWindowSeconds) {
        const double windowRate = static_cast<double>(bytesDone - windowBytes_) / windowSeconds;
        // The first window sets the rate outright; later ones smooth it, so the ETA does not jump.
        rate_ = rate_ == 0 ? windowRate : rate_ + kSmoothing * (windowRate - rate_);
        windowStart_ = now;
        windowBytes_ = bytesDone;
    }
    if (!force && reported_ && now - lastReport_ < kReportInterval)
        return std::nullopt;
    reported_ = true;
    lastReport_ = now;

    DownloadProgress progress;
    progress.phase = phase_;
    progress.bytesDone = bytesDone;
    progress.bytesTotal = bytesTotal;
    progress.bytesPerSecond = rate_ > 0 ? rate_ : 0;
    if (bytesTotal > 0 && bytesDone >= bytesTotal)
        progress.etaSeconds = 0;
    else if (bytesTotal > 0 && rate_ > 0)
        progress.etaSeconds = static_cast<double>(bytesTotal - bytesDone) / rate_;
    return progress;
}

} // namespace flipbench
