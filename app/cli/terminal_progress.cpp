#include "cli/terminal_progress.h"

#include <string>
#include <unistd.h>

namespace flipbench::cli {

std::string formatDuration(double seconds)
{
    if (seconds < 0)
        return "--"; // not known yet
    const long total = static_cast<long>(seconds + 0.5);
    char buffer[32];
    if (total >= 3600)
        std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", total / 3600, (total / 60) % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%ldm%02lds", total / 60, total % 60);
    return buffer;
}

TerminalProgress::TerminalProgress(std::FILE* out) : out_(out), interactive_(::isatty(::fileno(out)) == 1) {}

void TerminalProgress::clearBar()
{
    if (barShown_) {
        std::fputs("\r\033[K", out_);
        barShown_ = false;
    }
}

void TerminalProgress::runStarted(const std::string& runName, int epochs, int64_t stepsPerEpoch)
{
    clearBar();
    std::fprintf(out_, "%s: %d epochs of %lld steps\n", runName.c_str(), epochs, static_cast<long long>(stepsPerEpoch));
}

void TerminalProgress::step(const StepProgress& p)
{
    const auto now = std::chrono::steady_clock::now();
    // Redraw at most 10 times a second on a terminal, every 10 s in a log.
    const auto interval = interactive_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(10000);
    if (now - lastDraw_ < interval && p.step != p.stepsPerEpoch)
        return;
    lastDraw_ = now;
    if (interactive_) {
        constexpr int width = 24;
        const double fraction = static_cast<double>(p.step) / static_cast<double>(p.stepsPerEpoch);
        const int filled = static_cast<int>(fraction * width);
        std::string bar(static_cast<size_t>(filled), '#');
        bar.append(static_cast<size_t>(width - filled), '.');
        std::fprintf(out_, "\r\033[Kepoch %d/%d [%s] %lld/%lld loss %.4f lr %.4g %.0f img/s ETA %s", p.epoch, p.epochs,
                     bar.c_str(), static_cast<long long>(p.step), static_cast<long long>(p.stepsPerEpoch), p.loss, p.lr,
                     p.imagesPerSecond, formatDuration(p.etaSeconds).c_str());
        barShown_ = true;
    } else {
        std::fprintf(out_, "epoch %d/%d step %lld/%lld loss %.4f lr %.4g %.0f img/s ETA %s\n", p.epoch, p.epochs,
                     static_cast<long long>(p.step), static_cast<long long>(p.stepsPerEpoch), p.loss, p.lr,
                     p.imagesPerSecond, formatDuration(p.etaSeconds).c_str());
    }
    std::fflush(out_);
}

void TerminalProgress::epochEnded(const EpochReport& r)
{
    clearBar();
    std::fprintf(out_, "epoch %d/%d: train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%%", r.epoch, r.epochs,
                 r.trainLoss, r.trainAccuracy * 100, r.testLoss, r.testAccuracy * 100);
    if (r.testNfr)
        std::fprintf(out_, " NFR %.2f%% PFR %.2f%%", *r.testNfr * 100, *r.testPfr * 100);
    if (r.valAccuracy)
        std::fprintf(out_, " | val acc %.2f%%", *r.valAccuracy * 100);
    if (r.valNfr)
        std::fprintf(out_, " NFR %.2f%%", *r.valNfr * 100);
    std::fprintf(out_, " | %.1f s, %.0f img/s\n", r.seconds, r.imagesPerSecond);
    std::fflush(out_);
}

void TerminalProgress::message(const std::string& text)
{
    clearBar();
    std::fprintf(out_, "%s\n", text.c_str());
    std::fflush(out_);
}

} // namespace flipbench::cli
