#pragma once

#include "ui/training/progress_types.h"
#include "ui/training/training_job.h"

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
///
/// A new run gets its folder (config.json, queued status) when it is queued, so the queue survives
/// the window: restoreQueuedRuns() queues a workspace's unstarted runs again, in the order last
/// saved in the workspace's queue.json.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    /// Cancels the running jobs and waits for the workers (a thread is never destroyed while
    /// running). Queued runs keep their folders, to be restored next time.
    ~TrainingController() override;

    /// Queues a job (it starts at once when its device is free and the queue is not paused); a new
    /// run without a folder gets one (flipbench::createQueuedRun). Throws flipbench::ConfigError
    /// when the config names a device that does not exist or does not parse, queueing nothing.
    int enqueue(TrainingJob job);
    /// Queues the runs of a plan in order; returns their job ids. A reference naming another run
    /// of the plan by its config name is pointed at that run's folder, so it waits for that run.
    /// A plan of several runs writes plan.json in each folder, labelled `label` (a preset's name;
    /// empty: the first run's name), for the run table's plan groups.
    QList<int> enqueuePlan(const QString& workspace, const QList<flipbench::RunConfig>& runs,
                           const QString& label = {});
    /// Queues jobs made elsewhere (a sweep's: folders and references ready) as one plan `planId`,
    /// so that planFinished reports it when its last job ends. An empty list queues nothing.
    QList<int> enqueuePreparedPlan(const QString& planId, const QList<TrainingJob>& jobs);
    /// Queues the runs of `workspace` that were queued and have not started (an earlier session's
    /// queue), skipping those already queued here. A run whose data folder is gone, or whose config
    /// or device cannot be used here, is marked failed with the reason instead. When nothing was
    /// running or waiting, the queue is paused, so that opening a workspace never starts training
    /// by itself. Returns how many runs were queued.
    int restoreQueuedRuns(const QString& workspace);
    /// Queues resuming a run folder. Throws flipbench::UserError, queueing nothing, when the run
    /// cannot be resumed (completed, unreadable, trained by another process: see checkResumable).
    int enqueueResume(const QString& workspace, const QString& runDir);

    /// Removes a queued job (a new run's folder with it), or asks a running one to stop at its
    /// next batch.
    void cancelJob(int jobId);
    void cancelRunDir(const QString& runDir);
    /// Clears the queue and cancels every running job.
    void cancelAll();
    /// Asks every running job to stop at its next batch; the queue stays as it is.
    void cancelRunning();
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
    /// How many runs a plan was queued with, until it finishes (0 for a finished or unknown plan).
    int planSize(const QString& planId) const;

Q_SIGNALS:
    void queueChanged();
    void jobStarted(int jobId, const QString& runDir);
    void progress(const flipbench::ui::RunProgress& progress);
    void jobFinished(const flipbench::ui::RunOutcome& outcome);
    /// Every run of a plan (the runs one enqueuePlan call queued) has ended: completed, failed,
    /// cancelled or skipped. Sent once per plan, after the jobFinished of its last run. `runDirs`
    /// are the plan's run folders in plan order, less those removed from the queue before they
    /// started (their folders are gone).
    void planFinished(const QString& planId, const QStringList& runDirs);
    /// Nothing running and nothing startable queued.
    void idle();

private:
    enum class Readiness { Ready, Waiting, Blocked };

    void startNextJobs();
    void startReadyJobs();
    void startJob(const TrainingJob& job);
    /// Waiting while a reference of the job is a run folder queued or running here, Blocked (with
    /// its name) when that run ended here without completing.
    Readiness referenceReadiness(const TrainingJob& job, QString* missing) const;
    /// A run ended (or was dropped) without completing: runs trained against it will not start.
    void recordUnfinished(const QString& runDir);
    /// Writes each workspace's queue.json: the folders of its waiting new runs, in queue order.
    void saveQueueOrder();
    void onWorkerFinished(TrainingWorker* worker);
    /// Counts a plan's job as ended (after its jobFinished) and sends planFinished for the last.
    void planJobEnded(const TrainingJob& job, bool folderRemoved);

    struct Running {
        TrainingJob job;
        QPointer<TrainingWorker> worker;
        QString runDir; ///< known once the worker has created (or reopened) the folder
    };
    QList<TrainingJob> queue_;
    QHash<int, Running> running_; ///< by job id
    /// Run folders (clean paths) that ended here failed, cancelled or skipped, or were removed
    /// from the queue: a queued run trained against one of them is skipped.
    QSet<QString> unfinishedRunDirs_;
    QSet<QString> queueWorkspaces_; ///< workspaces whose queue.json this controller maintains
    struct Plan {
        QStringList runDirs;
        int size = 0;    ///< runs queued with it
        int pending = 0; ///< its jobs that have not ended yet
    };
    QHash<QString, Plan> plans_; ///< by plan id, until planFinished
    int nextJobId_ = 1;
    int nextPlanId_ = 1;
    bool paused_ = false;
};

} // namespace flipbench::ui
