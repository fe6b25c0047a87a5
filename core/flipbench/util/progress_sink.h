#pragma once

#include "flipbench/util/progress_records.h"

#include <cstdint>
#include <string>

namespace flipbench {

/// Receives progress from long core work (training, evaluation). Implementations must be cheap:
/// `step` is called for every batch on the worker thread. The GUI forwards to queued signals,
/// the CLI draws a progress bar.
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    virtual void runStarted(const std::string& runName, int epochs, int64_t stepsPerEpoch) {}
    virtual void step(const StepProgress&) {}
    virtual void epochEnded(const EpochReport&) {}
    /// Free-form notes for the user ("resuming from epoch 3", "using 2 threads").
    virtual void message(const std::string&) {}
};

/// A sink that ignores everything.
class NullProgressSink final : public ProgressSink {};

} // namespace flipbench
