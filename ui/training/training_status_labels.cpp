#include "ui/training/training_status_labels.h"

#include "ui/training/plan_eta.h"
#include "ui/training/training_controller.h"
#include "ui/widgets/number_format.h"

#include <QLabel>
#include <QStatusBar>

#include <algorithm>

namespace flipbench::ui {

TrainingStatusLabels::TrainingStatusLabels(const TrainingController* controller, QStatusBar* bar)
    : QObject(bar), controller_(controller), training_(new QLabel(bar)), planTime_(new QLabel(bar))
{
    training_->setObjectName(QStringLiteral("trainingStatusLabel"));
    planTime_->setObjectName(QStringLiteral("planTimeLabel"));
    planTime_->hide();
    bar->addPermanentWidget(planTime_);
    bar->addPermanentWidget(training_);
}

void TrainingStatusLabels::update()
{
    const int running = controller_->runningJobs().size();
    const int waiting = controller_->queuedJobs().size();
    QString text = running ? tr("%1 running").arg(countOf(running, tr("training"), tr("trainings"))) : tr("Idle");
    if (waiting)
        text += tr(" · %n waiting", nullptr, waiting);
    if (controller_->isPaused())
        text += tr(" · queue paused");
    training_->setText(text);
    updatePlanTime();
}

void TrainingStatusLabels::addProgress(const RunProgress& progress)
{
    // Only the numbers: the steps and epochs are in the curve store.
    RunProgress latest = progress;
    latest.steps.clear();
    latest.epochs_.clear();
    latest.messages.clear();
    latestProgress_.insert(progress.jobId, latest);
    updatePlanTime();
}

void TrainingStatusLabels::jobFinished(int jobId)
{
    latestProgress_.remove(jobId);
}

void TrainingStatusLabels::addSweep(const QString& planId, int runs)
{
    sweepSizes_.insert(planId, runs);
}

void TrainingStatusLabels::updatePlanTime()
{
    const QList<TrainingJob> queued = controller_->queuedJobs();
    QStringList texts, tips;
    for (const TrainingJob& running : controller_->runningJobs()) {
        const auto progress = latestProgress_.constFind(running.id);
        // A single run shows its own time left in the run table; a plan's is the sum of many.
        if (progress == latestProgress_.constEnd() || controller_->planSize(running.planId) < 2)
            continue;
        const std::optional<double> seconds = planSecondsLeft(*progress, running, queued);
        if (!seconds)
            continue; // no speed measured yet
        const int waiting = int(std::count_if(queued.begin(), queued.end(),
                                              [&](const TrainingJob& job) { return job.planId == running.planId; }));
        if (const auto sweep = sweepSizes_.constFind(running.planId); sweep != sweepSizes_.constEnd()) {
            // Of every run of the sweep, those done before or left out come first.
            const int index = std::max(1, *sweep - waiting);
            texts << tr("Sweep %1: run %2 of %3, %4 left")
                         .arg(running.planId.mid(6))
                         .arg(index)
                         .arg(*sweep)
                         .arg(formatAboutMinutes(*seconds));
            tips << tr("The running run's own estimate, plus the sweep's %1 queued runs at the %2 images/s it trains "
                       "at. "
                       "Pause the queue in the queue panel to stop after this run; a cancelled sweep resumes with "
                       "Run → Resume Sweep.")
                        .arg(waiting)
                        .arg(qRound(progress->imagesPerSecond));
            continue;
        }
        texts << (waiting > 0
                      ? tr("Plan: %1, %2 left")
                            .arg(countOf(waiting, tr("more run"), tr("more runs")), formatAboutMinutes(*seconds))
                      : tr("Plan: last run, %1 left").arg(formatAboutMinutes(*seconds)));
        tips << tr("%1's own estimate, plus %2 of its plan at the %3 images/s it trains at (their epochs times "
                   "their training images). Another model or batch size trains at another speed.")
                    .arg(running.displayName, countOf(waiting, tr("queued run"), tr("queued runs")))
                    .arg(qRound(progress->imagesPerSecond));
    }
    planTime_->setText(texts.join(QStringLiteral("  ·  ")));
    planTime_->setToolTip(tips.join(QLatin1Char('\n')));
    planTime_->setVisible(!texts.isEmpty());
}

} // namespace flipbench::ui
