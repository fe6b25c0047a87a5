#include "flipbench/training/lr_schedule.h"

#include <cmath>

namespace flipbench {

double learningRateAt(const TrainConfig& train, int epoch, int64_t step, int64_t stepsPerEpoch)
{
    const double t = epoch + static_cast<double>(step) / static_cast<double>(stepsPerEpoch);
    if (train.warmupEpochs > 0 && t < train.warmupEpochs) {
        // Ramp over iterations, reaching lr at the end of warm-up; the first step is not at 0 so that
        // it still moves the weights.
        const double progress = (t * stepsPerEpoch + 1) / (train.warmupEpochs * stepsPerEpoch);
        return train.lr * std::min(1.0, progress);
    }
    const double after = t - train.warmupEpochs;
    const double span = train.epochs - train.warmupEpochs;
    if (train.schedule == "constant")
        return train.lr;
    if (train.schedule == "step")
        return train.lr * std::pow(train.stepGamma, std::floor(after / train.lrStep));
    // cosine, as torch.optim.lr_scheduler.CosineAnnealingLR(T_max=epochs) stepped with a fractional epoch
    const double etaMin = cosineEtaMin(train);
    return etaMin + (train.lr - etaMin) * (1 + std::cos(M_PI * after / span)) / 2;
}

} // namespace flipbench
