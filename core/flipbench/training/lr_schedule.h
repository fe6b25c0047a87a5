#pragma once

#include "flipbench/config/run_config.h"

namespace flipbench {

/// Learning rate for step `step` (0-based) of epoch `epoch` (0-based). Cosine is stepped every
/// iteration at t = epoch + step/stepsPerEpoch, as in the seed notebook; warm-up, when set, ramps
/// linearly to lr and the schedule then runs over the remaining epochs.
double learningRateAt(const TrainConfig& train, int epoch, int64_t step, int64_t stepsPerEpoch);

} // namespace flipbench
