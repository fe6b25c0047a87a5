#pragma once

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace flipbench {

/// Enables bf16 autocast on CUDA for its scope (forward passes only; the backward pass follows the
/// recorded casts), and restores the previous state. The API moved between LibTorch 1.x and 2.x.
class CudaBf16Autocast {
public:
    explicit CudaBf16Autocast(bool enable) : enabled_(enable)
    {
        if (!enabled_)
            return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        previous_ = at::autocast::is_autocast_enabled(at::kCUDA);
        at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
        at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
        previous_ = at::autocast::is_enabled();
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
#endif
    }

    ~CudaBf16Autocast()
    {
        if (!enabled_)
            return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_enabled(at::kCUDA, previous_);
#else
        at::autocast::set_enabled(previous_);
#endif
        // Cached bf16 copies of the weights are only valid until the optimizer step.
        at::autocast::clear_cache();
    }

    CudaBf16Autocast(const CudaBf16Autocast&) = delete;
    CudaBf16Autocast& operator=(const CudaBf16Autocast&) = delete;

private:
    bool enabled_;
    bool previous_ = false;
};

} // namespace flipbench
