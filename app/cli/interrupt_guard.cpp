#include "cli/interrupt_guard.h"

#include <atomic>
#include <csignal>

namespace flipbench::cli {

namespace {

std::atomic<bool>* gCancelFlag = nullptr;

extern "C" void onInterrupt(int)
{
    if (gCancelFlag)
        gCancelFlag->store(true); // a lock-free atomic store is async-signal-safe
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace

InterruptGuard::InterruptGuard(const CancelToken& token)
{
    gCancelFlag = token.rawFlag();
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    gCancelFlag = nullptr;
}

} // namespace flipbench::cli
