#pragma once

#include <atomic>
#include <memory>

namespace flipbench {

/// Cooperative cancellation shared between whoever starts long work and the work itself.
/// Copies share one flag, so a GUI controller or a signal handler can keep a copy and cancel
/// while the trainer polls `isCancelled()` between batches.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}

    void cancel() const { flag_->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return flag_->load(std::memory_order_relaxed); }

    /// The raw flag, for an async-signal handler (storing to a lock-free atomic is signal-safe).
    std::atomic<bool>* rawFlag() const { return flag_.get(); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

} // namespace flipbench
