#pragma once

#include "ui/training/progress_types.h"

#include <QString>
#include <QVector>

namespace flipbench::ui {

/// Everything the plots draw for one run: step losses and per-epoch metrics.
struct RunCurves {
    QVector<StepSample> steps;
    QVector<EpochSample> epochs;

    bool isEmpty() const { return steps.isEmpty() && epochs.isEmpty(); }
    /// Adds a live report. A step or epoch the curve already has replaces it and everything after
    /// it (a resumed run replays from its checkpoint).
    void append(const RunProgress& progress);
};

/// Reads a run's metrics.jsonl (the trainer's step records every `log_every` steps and one record
/// per epoch). A missing file gives empty curves; unreadable lines are skipped, so a run that is
/// still writing its last line never breaks the view.
RunCurves loadRunCurves(const QString& runDir);

} // namespace flipbench::ui
