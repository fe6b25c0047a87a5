#include "ui/curves/run_curves.h"

#include <flipbench/runs/metrics_log.h>

#include <QDir>

#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <vector>

namespace flipbench::ui {

namespace {

struct LoggedStep {
    qint64 epoch = 0, step = 0;
    StepSample sample;
};

/// A step the loss curve can draw: a diverged one (no loss, no global step) has nothing to draw.
std::optional<LoggedStep> readStep(const flipbench::StepRecord& record)
{
    if (!record.globalStep || !record.loss || record.epoch < 1 || record.step < 1 || *record.globalStep < 1)
        return std::nullopt;
    LoggedStep logged;
    logged.epoch = record.epoch;
    logged.step = record.step;
    logged.sample.globalStep = *record.globalStep;
    logged.sample.loss = *record.loss;
    logged.sample.crossEntropy = record.crossEntropy.value_or(std::numeric_limits<double>::quiet_NaN());
    logged.sample.distillation = record.distillation.value_or(0.0);
    return logged;
}

/// Steps per epoch from the records: global_step = (epoch - 1) * stepsPerEpoch + step gives it
/// exactly once a record of epoch 2 or later exists. Within the first epoch the last step is
/// always logged only when the epoch ends, so the largest step seen is the best guess until then.
qint64 stepsPerEpochOf(const std::vector<LoggedStep>& steps)
{
    qint64 largestStep = 1;
    for (const auto& logged : steps) {
        if (logged.epoch > 1) {
            const qint64 perEpoch = (logged.sample.globalStep - logged.step) / (logged.epoch - 1);
            if (perEpoch >= logged.step)
                return perEpoch;
        }
        largestStep = std::max(largestStep, logged.step);
    }
    return largestStep;
}

} // namespace

void RunCurves::append(const RunProgress& progress)
{
    // The report knows the real epoch length; curves read from disk during the first epoch had to
    // guess it, which would put the first live points behind the ones read.
    if (progress.epochs > 0 && progress.totalSteps > 0 && !steps.isEmpty()) {
        const double perEpoch = static_cast<double>(progress.totalSteps) / progress.epochs;
        const auto& last = steps.constLast();
        if (std::abs(last.epochPosition - static_cast<double>(last.globalStep) / perEpoch) > 1e-9)
            for (auto& sample : steps)
                sample.epochPosition = static_cast<double>(sample.globalStep) / perEpoch;
    }
    // A step or epoch that comes again replaces what the curve had from there on: a resumed run
    // replays from its checkpoint, and the curve may have been read before the trainer cut the
    // metrics file back to it (the same rule loadRunCurves applies to records on disk).
    for (const auto& sample : progress.steps) {
        while (!steps.isEmpty() && steps.constLast().globalStep >= sample.globalStep)
            steps.removeLast();
        steps.append(sample);
    }
    for (const auto& sample : progress.epochs_) {
        while (!epochs.isEmpty() && epochs.constLast().epoch >= sample.epoch)
            epochs.removeLast();
        epochs.append(sample);
    }
}

RunCurves loadRunCurves(const QString& runDir)
{
    RunCurves curves;
    // A missing file reads as an empty log; a torn last line (the trainer is still writing it) or
    // damage is skipped, the rest kept.
    const flipbench::MetricsLog log = flipbench::readMetricsLog(
        std::filesystem::path(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")).toStdString()));

    // A record that goes back in time means the run was resumed without truncating: the later
    // records replace what they repeat.
    std::vector<LoggedStep> steps;
    for (const flipbench::StepRecord& record : log.steps)
        if (auto logged = readStep(record)) {
            while (!steps.empty() && steps.back().sample.globalStep >= logged->sample.globalStep)
                steps.pop_back();
            steps.push_back(*logged);
        }
    for (const flipbench::EpochRecord& record : log.epochs) {
        if (record.epoch < 1)
            continue;
        while (!curves.epochs.isEmpty() && curves.epochs.constLast().epoch >= record.epoch)
            curves.epochs.removeLast();
        curves.epochs.append(flipbench::epochReportOf(record));
    }

    const double perEpoch = static_cast<double>(stepsPerEpochOf(steps));
    curves.steps.reserve(static_cast<int>(steps.size()));
    for (auto& logged : steps) {
        // (epoch - 1) + step / stepsPerEpoch, written so it stays exact for whole epochs.
        logged.sample.epochPosition =
            static_cast<double>(logged.epoch - 1) + static_cast<double>(logged.step) / perEpoch;
        curves.steps.append(logged.sample);
    }
    return curves;
}

} // namespace flipbench::ui
