#pragma once

#include "flipbench/download/download.h"

#include <chrono>
#include <optional>

namespace flipbench {

/// Turns "bytes done so far" into DownloadProgress reports: a rate smoothed over a few seconds, an
/// ETA, and at most ten reports a second (plus any forced one), so sinks may draw each report.
class DownloadRateMeter {
public:
    using Clock = std::chrono::steady_clock;

    /// `startBytes`: bytes already done when timing starts (a resumed download's offset), which
    /// count towards bytesDone but not towards the rate.
    DownloadRateMeter(DownloadProgress::Phase phase, int64_t startBytes, Clock::time_point now = Clock::now());

    /// A report when one is due (or `force`), otherwise nothing.
    std::optional<DownloadProgress> sample(int64_t bytesDone, int64_t bytesTotal, bool force = false,
                                           Clock::time_point now = Clock::now());

private:
    DownloadProgress::Phase phase_;
    Clock::time_point windowStart_;
    int64_t windowBytes_;
    Clock::time_point lastReport_{};
    bool reported_ = false;
    double rate_ = 0;
};

} // namespace flipbench
