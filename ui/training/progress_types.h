#pragma once

// Plain value types that cross from the training thread to the GUI thread in queued signals.
// They hold numbers and strings only: never tensors, never widgets.

#include <flipbench/runs/run_state.h>
#include <flipbench/util/progress_records.h>

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace flipbench::ui {

/// One point of a loss curve: a logged step (StepProgress::logged live, a StepRecord of
/// metrics.jsonl when read back) placed on the plots' epoch axis.
struct StepSample {
    qint64 globalStep = 0;    ///< 1-based over the whole run
    double epochPosition = 0; ///< fractional epochs: 0.5 = half-way through epoch 1
    double loss = 0;          ///< total loss that was back-propagated
    double crossEntropy = 0;
    double distillation = 0; ///< FD / LDI term (0 for a baseline)
};

/// Metrics after one epoch: the core's report (read back from metrics.jsonl, numbers the record
/// lacks are NaN). Accuracies and rates are fractions in [0,1].
using EpochSample = flipbench::EpochReport;

/// What a running training reports since its last report: batched, at most ~20 per second.
struct RunProgress {
    int jobId = 0;
    QString runDir;
    int epoch = 0; ///< current, 1-based
    int epochs = 0;
    qint64 globalStep = 0;
    qint64 totalSteps = 0;
    double imagesPerSecond = 0;
    double etaSeconds = 0;
    double lr = 0;
    QVector<StepSample> steps;    ///< the logged steps (those metrics.jsonl keeps) since the last report, in order
    QVector<EpochSample> epochs_; ///< epochs that ended since the last report
    QStringList messages;         ///< notes from the trainer ("resuming from epoch 3")
};

/// How a job ended: completed, failed, cancelled, or skipped when the job never started because
/// its plan reference did not complete.
struct RunOutcome {
    int jobId = 0;
    QString runDir; ///< empty when the job failed before a run folder was created
    QString runName;
    flipbench::RunState state = flipbench::RunState::Failed;
    QString message;
    int epochsDone = 0;
    /// True when the core work ran on a thread other than the GUI thread (checked by a test:
    /// training must never block the event loop).
    bool trainedOnWorkerThread = false;
};

} // namespace flipbench::ui

Q_DECLARE_METATYPE(flipbench::ui::RunProgress)
Q_DECLARE_METATYPE(flipbench::ui::RunOutcome)
