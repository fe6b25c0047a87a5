#include "ui/training/plan_eta.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace flipbench::ui {

double runningImagesPerEpoch(const RunProgress& progress, const TrainingJob& running)
{
    if (progress.epochs <= 0 || progress.totalSteps <= 0)
        return 0;
    const double steps = double(progress.totalSteps) / double(progress.epochs);
    double images = steps * double(std::max(running.config.train.batchSize, 1));
    const auto& data = running.config.data;
    if (data.trainLimit > 0)
        images = std::min(images, double(std::max<int64_t>(data.trainLimit - data.valSize, 0)));
    return images;
}

double queuedImagesPerEpoch(const TrainingJob& queued, const TrainingJob& running, double runningImages)
{
    const auto& q = queued.config.data;
    const auto& r = running.config.data;
    if (q.path == r.path && q.trainLimit == r.trainLimit && q.valSize == r.valSize)
        return runningImages;
    // The running run's training images and what it holds out for validation: the whole folder
    // when it is not limited, else at least its limit.
    const double seen = runningImages + double(r.valSize);
    double images = seen;
    if (q.trainLimit > 0)
        images = (q.path == r.path && r.trainLimit == 0) ? std::min(double(q.trainLimit), seen) : double(q.trainLimit);
    return std::max(images - double(q.valSize), 0.0);
}

std::optional<double> planSecondsLeft(const RunProgress& progress, const TrainingJob& running,
                                      const QList<TrainingJob>& queued)
{
    if (progress.globalStep <= 0 || progress.imagesPerSecond <= 0)
        return std::nullopt; // no speed measured yet
    const double runningImages = runningImagesPerEpoch(progress, running);
    double seconds = std::max(progress.etaSeconds, 0.0);
    for (const TrainingJob& job : queued) {
        if (job.planId != running.planId || job.id == running.id)
            continue;
        const double images = double(job.config.train.epochs) * queuedImagesPerEpoch(job, running, runningImages);
        seconds += images / progress.imagesPerSecond;
    }
    return seconds;
}

QString formatAboutMinutes(double seconds)
{
    const qint64 minutes = std::llround(std::max(seconds, 0.0) / 60.0);
    if (minutes < 1)
        return QObject::tr("under a minute");
    if (minutes < 60)
        return QObject::tr("about %1 min").arg(minutes);
    return QObject::tr("about %1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

} // namespace flipbench::ui
