#pragma once

#include "ui/training/progress_types.h"

#include <QHash>
#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;

namespace flipbench::ui {

class TrainingController;

/// The status bar's account of training, at its right end: "2 trainings running · 3 waiting ·
/// queue paused", and before it the time left of each plan of several runs that trains now
/// ("Plan: 2 more runs, about 14 min left", "Sweep grid: run 5 of 22, about 1 h 05 min left").
/// Child objectNames: trainingStatusLabel, planTimeLabel.
class TrainingStatusLabels final : public QObject {
    Q_OBJECT
public:
    TrainingStatusLabels(const TrainingController* controller, QStatusBar* bar);

    /// Counts the controller's running and waiting jobs again, and the plans' time left.
    void update();
    /// The latest numbers of a running job (its speed): the plans' time left follows.
    void addProgress(const RunProgress& progress);
    void jobFinished(int jobId);
    /// A sweep queued as plan `planId`, of `runs` runs in all, for "run 5 of 22".
    void addSweep(const QString& planId, int runs);

private:
    void updatePlanTime();

    const TrainingController* controller_;
    QLabel* training_;
    QLabel* planTime_;
    /// The latest progress numbers of each running job (its steps and epochs left out).
    QHash<int, RunProgress> latestProgress_;
    /// The run count of each sweep queued in this window (by plan id): the runs done before or
    /// left out count as the first ones.
    QHash<QString, int> sweepSizes_;
};

} // namespace flipbench::ui
