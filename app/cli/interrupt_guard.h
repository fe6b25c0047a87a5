#pragma once

#include <flipbench/util/cancel_token.h>

namespace flipbench::cli {

/// While alive, the first Ctrl-C (SIGINT) or SIGTERM cancels `token`, so long work stops cleanly at
/// its next check (a checkpoint, a kept part file, an untouched cache); a second one falls through
/// to the default handler and ends the process. Restores the default handlers when destroyed.
class InterruptGuard {
public:
    explicit InterruptGuard(const CancelToken& token);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
};

} // namespace flipbench::cli
