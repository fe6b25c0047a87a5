#include "flipbench/training/loss_balance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace flipbench {

namespace {

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

} // namespace

LossBalanceMonitor::LossBalanceMonitor(std::string method, int64_t steps, double ratio)
    : method_(std::move(method)), steps_(std::max<int64_t>(steps, 1)), ratio_(ratio)
{
}

std::optional<std::string> LossBalanceMonitor::observe(int epoch, int64_t step, double ce, double reg)
{
    if (warned_ || !std::isfinite(ce) || !std::isfinite(reg))
        return std::nullopt;
    ce = std::abs(ce);
    reg = std::abs(reg);
    // A term near zero is a converged or switched-off term, not an imbalance worth a warning.
    const double floor = 1e-6;
    distillationHeavy_ = reg > floor && reg > ratio_ * std::max(ce, floor) ? distillationHeavy_ + 1 : 0;
    crossEntropyHeavy_ = ce > 1e-3 && reg > floor && ce > ratio_ * reg ? crossEntropyHeavy_ + 1 : 0;
    const std::string where = "for " + std::to_string(steps_) + " steps up to epoch " + std::to_string(epoch) +
                              ", step " + std::to_string(step) + " ";
    const std::string name = method_ == "fd" ? "FD" : "LDI";
    if (distillationHeavy_ >= steps_) {
        warned_ = true;
        std::string hint = method_ == "fd"
                               ? "Try a lower method.kd_loss_weight, a lower method.fd.temperature (the KL term is "
                                 "scaled by T^2), or method.kd_alpha nearer 0"
                               : "Try a lower method.kd_loss_weight, a larger method.ldi.margin or method.kd_alpha "
                                 "nearer 0";
        return "Warning: the weighted " + name + " term (" + number(reg) + ") has been more than " + number(ratio_) +
               "x the cross-entropy (" + number(ce) + ") " + where +
               ": the new model is copying the old one more than it learns the labels. " + hint + ".";
    }
    if (crossEntropyHeavy_ >= steps_) {
        warned_ = true;
        return "Warning: the weighted " + name + " term (" + number(reg) + ") has been less than 1/" + number(ratio_) +
               " of the cross-entropy (" + number(ce) + ") " + where +
               ": it hardly changes training. Try a larger method.kd_loss_weight.";
    }
    return std::nullopt;
}

} // namespace flipbench
