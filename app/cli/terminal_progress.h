#pragma once

#include <flipbench/util/progress_sink.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace flipbench::cli {

/// "4m05s" or "1h12m" for a time left; "--" when it is not known (negative).
std::string formatDuration(double seconds);

/// Progress on stderr: a single redrawn bar on a terminal (epoch, step, loss, img/s, ETA), plain
/// lines otherwise (one per epoch plus one every few seconds), so logs stay readable.
class TerminalProgress final : public ProgressSink {
public:
    explicit TerminalProgress(std::FILE* out);
    void runStarted(const std::string& runName, int epochs, int64_t stepsPerEpoch) override;
    void step(const StepProgress& progress) override;
    void epochEnded(const EpochReport& report) override;
    void message(const std::string& text) override;

private:
    void clearBar();

    std::FILE* out_;
    bool interactive_;
    bool barShown_ = false;
    std::chrono::steady_clock::time_point lastDraw_{};
};

} // namespace flipbench::cli
