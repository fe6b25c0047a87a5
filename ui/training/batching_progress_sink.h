#pragma once

#include "ui/training/progress_types.h"

#include <flipbench/util/progress_sink.h>

#include <QElapsedTimer>

#include <functional>

namespace flipbench::ui {

/// Collects the trainer's per-step callbacks on the worker thread and hands them on in batches, at
/// most one batch per `intervalMs` (an epoch end or a message flushes at once). Whatever the step
/// rate, the GUI thread then receives a bounded number of queued signals and repaints at most
/// ~20 times a second. Curves get the logged steps only (StepProgress::logged), as on disk.
class BatchingProgressSink final : public flipbench::ProgressSink {
public:
    using Deliver = std::function<void(const RunProgress&)>;

    BatchingProgressSink(int jobId, QString runDir, Deliver deliver, int intervalMs = 50);

    void runStarted(const std::string& runName, int epochs, int64_t stepsPerEpoch) override;
    void step(const flipbench::StepProgress& progress) override;
    void epochEnded(const flipbench::EpochReport& report) override;
    void message(const std::string& text) override;

    /// Delivers whatever is pending (called once more when training returns).
    void flush();
    int deliveredBatches() const { return delivered_; }

private:
    RunProgress pending_;
    bool hasPending_ = false;
    Deliver deliver_;
    QElapsedTimer sinceLastDelivery_;
    int intervalMs_;
    int delivered_ = 0;
};

} // namespace flipbench::ui
