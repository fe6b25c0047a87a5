#pragma once

// What long core work reports as it goes: plain numbers, no LibTorch and no JSON, so the GUI
// passes them between threads and draws them as they are.

#include <cstdint>
#include <optional>

namespace flipbench {

/// One optimisation step, reported after the weights were updated. Epochs are 1-based.
struct StepProgress {
    int epoch = 0;
    int epochs = 0;
    int64_t step = 0; ///< 1-based step inside the epoch
    int64_t stepsPerEpoch = 0;
    int64_t globalStep = 0; ///< 1-based over the whole run
    double loss = 0;        ///< total loss that was back-propagated
    double crossEntropy = 0;
    double distillation = 0; ///< regulariser term (0 for a baseline)
    double lr = 0;
    double imagesPerSecond = 0;
    double etaSeconds = 0; ///< remaining time of the whole run, estimated
    /// This step is also written to metrics.jsonl (every train.log_every-th step, and the last of
    /// each epoch): the only steps a curve should draw, so a reopened run looks as it did live.
    bool logged = false;
};

/// Metrics after one epoch. Accuracies are fractions in [0,1].
struct EpochReport {
    int epoch = 0;
    int epochs = 0;
    double trainLoss = 0;
    double trainAccuracy = 0;
    double testLoss = 0;
    double testAccuracy = 0;
    std::optional<double> valAccuracy;
    /// Against the run's reference (old) model, when it has one.
    std::optional<double> testNfr, testPfr, valNfr, valPfr;
    double seconds = 0;
    double imagesPerSecond = 0;
};

} // namespace flipbench
