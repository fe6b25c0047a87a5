#include "ui/training/batching_progress_sink.h"

namespace flipbench::ui {

BatchingProgressSink::BatchingProgressSink(int jobId, QString runDir, Deliver deliver, int intervalMs)
    : deliver_(std::move(deliver)), intervalMs_(intervalMs)
{
    pending_.jobId = jobId;
    pending_.runDir = std::move(runDir);
    sinceLastDelivery_.start();
}

void BatchingProgressSink::runStarted(const std::string&, int epochs, int64_t stepsPerEpoch)
{
    pending_.epochs = epochs;
    pending_.totalSteps = static_cast<qint64>(epochs) * stepsPerEpoch;
    hasPending_ = true;
    flush();
}

void BatchingProgressSink::step(const flipbench::StepProgress& progress)
{
    // Only the steps metrics.jsonl keeps are drawn: a run reopened or resumed later is read from
    // that file, so a live curve of every step would change resolution then. Logging every step
    // instead would make metrics.jsonl log_every times larger (and slower to reopen), and the
    // live plots would redraw that many more points; the progress numbers below stay per step.
    if (progress.logged) {
        StepSample sample;
        sample.globalStep = progress.globalStep;
        sample.epochPosition =
            (progress.epoch - 1) +
            static_cast<double>(progress.step) / static_cast<double>(std::max<int64_t>(progress.stepsPerEpoch, 1));
        sample.loss = progress.loss;
        sample.crossEntropy = progress.crossEntropy;
        sample.distillation = progress.distillation;
        pending_.steps.append(sample);
    }
    pending_.epoch = progress.epoch;
    pending_.epochs = progress.epochs;
    pending_.globalStep = progress.globalStep;
    pending_.totalSteps = static_cast<qint64>(progress.epochs) * progress.stepsPerEpoch;
    pending_.imagesPerSecond = progress.imagesPerSecond;
    pending_.etaSeconds = progress.etaSeconds;
    pending_.lr = progress.lr;
    hasPending_ = true;
    if (sinceLastDelivery_.elapsed() >= intervalMs_)
        flush();
}

void BatchingProgressSink::epochEnded(const flipbench::EpochReport& report)
{
    pending_.epochs_.append(report);
    pending_.epoch = report.epoch;
    hasPending_ = true;
    flush(); // an epoch's metrics are worth showing at once
}

void BatchingProgressSink::message(const std::string& text)
{
    pending_.messages.append(QString::fromStdString(text));
    hasPending_ = true;
    flush();
}

void BatchingProgressSink::flush()
{
    if (!hasPending_)
        return;
    deliver_(pending_);
    ++delivered_;
    pending_.steps.clear();
    pending_.epochs_.clear();
    pending_.messages.clear();
    hasPending_ = false;
    sinceLastDelivery_.restart();
}

} // namespace flipbench::ui
