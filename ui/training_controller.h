#pragma once

#include "ui/progress_types.h"
#include "ui/training_job.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace flipbench::ui {

class TrainingWorker;

/// Runs core training on worker threads, one training at a time per device, and queues the rest.
/// Lives in the GUI thread; every signal is delivered there, carrying plain value structs.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    /// Cancels everything and waits for the workers: a thread is never destroyed while running.
    ~TrainingController() override;

    /// Queues a job (it starts at once when its device is free and the queue is not paused).
    /// Throws flipbench::ConfigError when the config names a device that does not exist.
    int enqueue(TrainingJob job);
    /// Queues the runs of a plan in order; returns their job ids.
    QList<int> enqueuePlan(const QString& workspace, const QList<flipbench::RunConfig>& runs);
    /// Queues resuming a run folder. Throws flipbench::UserError, queueing nothing, when the run
    /// cannot be resumed (completed, unreadable, trained by another process: see checkResumable).
    int enqueueResume(const QString& workspace, const QString& runDir);

    /// Removes a queued job, or asks a running one to stop at its next batch.
    void cancelJob(int jobId);
    void cancelRunDir(const QString& runDir);
    /// Clears the queue and cancels every running job.
    void cancelAll();
    /// Waits (processing no events) until every worker thread has stopped; false on timeout.
    bool waitForWorkers(int msecs);

    /// Moves a queued job to `index` in the queue (0 = next).
    void moveQueued(int jobId, int index);
    void setPaused(bool paused);
    bool isPaused() const { return paused_; }

    QList<TrainingJob> queuedJobs() const { return queue_; }
    QList<TrainingJob> runningJobs() const;
    bool isBusy() const { return !running_.isEmpty(); }
    bool isRunDirActive(const QString& runDir) const;
    /// Whether a queued or running job trains against this run folder.
    bool isRunDirReferenced(const QString& runDir) const;
    /// The job running or queued for a run folder, or 0.
    int jobIdForRunDir(const QString& runDir) const;

Q_SIGNALS:
    void queueChanged();
    void jobStarted(int jobId, const QString& runDir);
    void progress(const flipbench::ui::RunProgress& progress);
    void jobFinished(const flipbench::ui::RunOutcome& outcome);
    /// Nothing running and nothing startable queued.
    void idle();

private:
    enum class Readiness { Ready, Waiting, Blocked };

    void startNextJobs();
    void startReadyJobs();
    void startJob(const TrainingJob& job);
    /// Replaces references to runs of the job's plan with their folders; Waiting while such a
    /// run has not finished, Blocked (with its name) when it did not complete.
    Readiness resolvePlanReferences(TrainingJob& job, QString* missing) const;
    void recordPlanResult(const TrainingJob& job, const QString& runDir);
    void onWorkerFinished(TrainingWorker* worker);

    struct Running {
        TrainingJob job;
        QPointer<TrainingWorker> worker;
        QString runDir; ///< known once the worker has created (or reopened) the folder
    };
    QList<TrainingJob> queue_;
    QHash<int, Running> running_; ///< by job id
    /// Plan id -> config name -> run folder of each plan run that completed (or "" if it failed).
    QHash<QString, QMap<QString, QString>> planResults_;
    QHash<QString, QSet<QString>> planMembers_; ///< plan id -> config names of its runs
    int nextJobId_ = 1;
    int nextPlanId_ = 1;
    bool paused_ = false;
};

} // namespace flipbench::ui
