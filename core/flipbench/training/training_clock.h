#pragma once

#include "flipbench/util/progress_sink.h"

#include <chrono>
#include <cstdint>

namespace flipbench {

/// Throughput and ETA for progress reports. Throughput is smoothed so one slow step (a checkpoint
/// write, the OS) does not make the display jump.
class TrainingClock {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    static TimePoint now() { return std::chrono::steady_clock::now(); }
    static double secondsSince(TimePoint t) { return std::chrono::duration<double>(now() - t).count(); }

    void start(int epochsLeft, int64_t stepsPerEpoch)
    {
        stepsLeft_ = static_cast<int64_t>(epochsLeft) * stepsPerEpoch;
        last_ = now();
        smoothedStepSeconds_ = 0;
        smoothedImagesPerSecond_ = 0;
    }

    void restartStepTimer() { last_ = now(); }

    /// Fills imagesPerSecond and etaSeconds of `progress` after a step over `images` images.
    void stepDone(int64_t images, StepProgress& progress)
    {
        const double seconds = secondsSince(last_);
        last_ = now();
        --stepsLeft_;
        const double alpha = smoothedStepSeconds_ == 0 ? 1.0 : 0.1;
        smoothedStepSeconds_ = alpha * seconds + (1 - alpha) * smoothedStepSeconds_;
        const double rate = seconds > 0 ? static_cast<double>(images) / seconds : 0;
        smoothedImagesPerSecond_ = alpha * rate + (1 - alpha) * smoothedImagesPerSecond_;
        progress.imagesPerSecond = smoothedImagesPerSecond_;
        progress.etaSeconds = static_cast<double>(std::max<int64_t>(stepsLeft_, 0)) * smoothedStepSeconds_;
    }

private:
    int64_t stepsLeft_ = 0;
    TimePoint last_{};
    double smoothedStepSeconds_ = 0;
    double smoothedImagesPerSecond_ = 0;
};

} // namespace flipbench
