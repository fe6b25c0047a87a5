#pragma once

// How long a plan still takes: the running run's own estimate plus its plan's queued runs, at the
// speed the running run measures. Plain functions of the controller's jobs and the latest progress
// report, so the window only has to show the result.

#include "ui/training/progress_types.h"
#include "ui/training/training_job.h"

#include <QList>
#include <QString>

#include <optional>

namespace flipbench::ui {

/// Training images per epoch of the running run: its steps per epoch times its batch size (the
/// last batch of an epoch may be short: "about"), at most its train_limit less val_size.
double runningImagesPerEpoch(const RunProgress& progress, const TrainingJob& running);

/// Training images per epoch of a queued run, told from its data settings and the running run's:
/// the same settings train on the same images; on the same folder the running run shows the
/// folder's size (unless it is limited itself); elsewhere only a train_limit says anything.
double queuedImagesPerEpoch(const TrainingJob& queued, const TrainingJob& running, double runningImages);

/// Seconds until the plan of `running` ends: its ETA plus, for each job of `queued` of the same
/// plan, its epochs times its training images at the running run's images per second. Nothing
/// while the running run has not measured its speed yet.
std::optional<double> planSecondsLeft(const RunProgress& progress, const TrainingJob& running,
                                      const QList<TrainingJob>& queued);

/// "about 12 min", "about 1 h 05 min", "under a minute": rounded to minutes, because the queued
/// runs are only estimated (another model or batch size trains at another speed).
QString formatAboutMinutes(double seconds);

} // namespace flipbench::ui
