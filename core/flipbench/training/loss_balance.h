#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace flipbench {

/// Watches the two weighted terms of a regression-free loss, step by step, and speaks up once when
/// one swamps the other by orders of magnitude for many consecutive steps: a distillation term
/// hundreds of times the cross-entropy makes the new model copy the old one instead of learning the
/// labels (the seed notebook's FD recipe, T = 100); one a hundredth of it does nothing.
class LossBalanceMonitor {
public:
    /// `method` is "fd" or "ldi"; `steps`: how many consecutive steps make "many".
    LossBalanceMonitor(std::string method, int64_t steps, double ratio = 100);

    /// The weighted cross-entropy and distillation terms of one step (as they enter the total).
    /// Returns the warning, once per run, when the imbalance has lasted `steps` steps.
    std::optional<std::string> observe(int epoch, int64_t step, double weightedCrossEntropy,
                                       double weightedDistillation);

private:
    std::string method_;
    int64_t steps_;
    double ratio_;
    int64_t distillationHeavy_ = 0, crossEntropyHeavy_ = 0;
    bool warned_ = false;
};

} // namespace flipbench
