#pragma once

#include "ui/training/training_job.h"

#include <nlohmann/json.hpp>

#include <QList>
#include <QString>
#include <QStringList>

namespace flipbench::ui {

/// A sweep made ready for the training queue.
struct SweepJobs {
    QString name;
    QString planId;          ///< "sweep:NAME": the queue shows the runs as one plan
    QList<TrainingJob> jobs; ///< new runs (their queued folders made) and resumes, in training order
    int runs = 0;            ///< every run of the sweep
    int completedBefore = 0;
    QStringList notes; ///< runs not queued and why ("c10-fd-...: failed before (...)")
};

/// Expands `spec` (data.path replaced by `dataPath` when given), surveys and records it in
/// `workspace` and makes the queued folders of its new runs (core's queueSweepRuns, the same files
/// `flipbench-cli sweep` writes, so either can resume the other's sweep), and returns the jobs that
/// train it: new runs, and resumes of interrupted, cancelled and failed ones (as `sweep
/// --retry-failed`: a run the queue never started, its reference cancelled, is marked failed). Throws the core's
/// UserError, naming the arm, values and field, before anything is written when the spec is wrong.
SweepJobs prepareSweepJobs(const nlohmann::json& spec, const QString& specDir, const QString& workspace,
                           const QString& dataPath);

/// Where a sweep queued from the New Sweep form keeps its spec, to be opened again (and resumed):
/// WORKSPACE/sweeps/specs/NAME.json.
QString sweepSpecFile(const QString& workspace, const QString& name);

} // namespace flipbench::ui
