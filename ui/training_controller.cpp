#include "ui/training_controller.h"

#include "ui/training_worker.h"

#include <flipbench/device.h>
#include <flipbench/errors.h>
#include <flipbench/run_session.h>
#include <flipbench/run_store.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSignalBlocker>

namespace flipbench::ui {

namespace {

/// "auto" and "cuda" become the concrete device, so two jobs on one GPU never run at once.
QString deviceKeyFor(const std::string& spec)
{
    return QString::fromStdString(flipbench::resolveDevice(spec).str());
}

std::string storedDeviceSpec(const QString& runDir)
{
    try {
        const auto config = flipbench::RunFolder::open(runDir.toStdString()).readJson("config.json");
        return config.at("train").value("device", std::string("auto"));
    } catch (const std::exception&) {
        return "auto"; // prepareResume reports the real problem when the job starts
    }
}

} // namespace

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<RunProgress>();
    qRegisterMetaType<RunOutcome>();
}

TrainingController::~TrainingController()
{
    // Whoever listens may be half destroyed by now (the window that owns this controller).
    const QSignalBlocker blocker(this);
    cancelAll();
    waitForWorkers(-1);
}

int TrainingController::enqueue(TrainingJob job)
{
    if (job.deviceKey.isEmpty())
        job.deviceKey = deviceKeyFor(job.kind == TrainingJob::Kind::NewRun ? job.config.train.device
                                                                           : storedDeviceSpec(job.runDir));
    if (job.displayName.isEmpty())
        job.displayName = job.kind == TrainingJob::Kind::NewRun ? QString::fromStdString(job.config.name)
                                                                : QFileInfo(job.runDir).fileName();
    job.id = nextJobId_++;
    queue_.append(job);
    Q_EMIT queueChanged();
    startNextJobs();
    return job.id;
}

QList<int> TrainingController::enqueuePlan(const QString& workspace, const QList<flipbench::RunConfig>& runs)
{
    // Resolve every device first, so a bad one queues nothing rather than half a plan.
    QList<TrainingJob> jobs;
    const QString planId = QStringLiteral("plan-%1").arg(nextPlanId_++);
    for (const auto& config : runs) {
        TrainingJob job;
        job.kind = TrainingJob::Kind::NewRun;
        job.workspace = workspace;
        job.config = config;
        job.planId = planId;
        job.deviceKey = deviceKeyFor(config.train.device);
        jobs.append(job);
        planMembers_[planId].insert(QString::fromStdString(config.name));
    }
    QList<int> ids;
    for (auto& job : jobs)
        ids.append(enqueue(job));
    return ids;
}

int TrainingController::enqueueResume(const QString& workspace, const QString& runDir)
{
    // Refuse a run that cannot be resumed now, with the reason, rather than queueing a job that
    // would only "fail" once its device is free (and leave the run looking as if it had failed).
    flipbench::checkResumable(runDir.toStdString());
    TrainingJob job;
    job.kind = TrainingJob::Kind::Resume;
    job.workspace = workspace;
    job.runDir = runDir;
    return enqueue(job);
}

void TrainingController::cancelJob(int jobId)
{
    if (auto it = running_.find(jobId); it != running_.end()) {
        if (it->worker)
            it->worker->cancel();
        return;
    }
    for (int i = 0; i < queue_.size(); ++i) {
        if (queue_[i].id != jobId)
            continue;
        const TrainingJob job = queue_.takeAt(i);
        RunOutcome outcome;
        outcome.jobId = job.id;
        outcome.runName = job.displayName;
        outcome.runDir = job.kind == TrainingJob::Kind::Resume ? job.runDir : QString();
        outcome.state = QStringLiteral("cancelled");
        outcome.message = tr("Removed from the queue before it started.");
        recordPlanResult(job, QString());
        Q_EMIT queueChanged();
        Q_EMIT jobFinished(outcome);
        startNextJobs(); // plan runs waiting on this one are now skipped
        return;
    }
}

void TrainingController::cancelRunDir(const QString& runDir)
{
    for (auto it = running_.begin(); it != running_.end(); ++it)
        if (it->runDir == runDir && it->worker)
            it->worker->cancel();
}

void TrainingController::cancelAll()
{
    const QList<TrainingJob> queued = queue_;
    for (const auto& job : queued)
        cancelJob(job.id);
    for (auto& running : running_)
        if (running.worker)
            running.worker->cancel();
}

bool TrainingController::waitForWorkers(int msecs)
{
    const QDeadlineTimer deadline(msecs < 0 ? QDeadlineTimer::Forever : QDeadlineTimer(msecs));
    for (auto& running : running_)
        if (running.worker && !running.worker->wait(deadline))
            return false;
    return true;
}

void TrainingController::moveQueued(int jobId, int index)
{
    for (int i = 0; i < queue_.size(); ++i) {
        if (queue_[i].id == jobId) {
            queue_.move(i, std::clamp(index, 0, int(queue_.size()) - 1));
            Q_EMIT queueChanged();
            startNextJobs();
            return;
        }
    }
}

void TrainingController::setPaused(bool paused)
{
    paused_ = paused;
    Q_EMIT queueChanged();
    if (!paused_)
        startNextJobs();
}

QList<TrainingJob> TrainingController::runningJobs() const
{
    QList<TrainingJob> jobs;
    for (const auto& running : running_)
        jobs.append(running.job);
    return jobs;
}

bool TrainingController::isRunDirActive(const QString& runDir) const
{
    return jobIdForRunDir(runDir) != 0;
}

bool TrainingController::isRunDirReferenced(const QString& runDir) const
{
    const QString target = QDir::cleanPath(runDir);
    const auto references = [&](const TrainingJob& job) {
        for (const auto& reference : job.config.method.reference)
            if (QDir::cleanPath(QString::fromStdString(reference)) == target)
                return true;
        return false;
    };
    for (const auto& running : running_)
        if (references(running.job))
            return true;
    return std::any_of(queue_.begin(), queue_.end(), references);
}

int TrainingController::jobIdForRunDir(const QString& runDir) const
{
    for (auto it = running_.begin(); it != running_.end(); ++it)
        if (it->runDir == runDir)
            return it.key();
    for (const auto& job : queue_)
        if (job.runDir == runDir)
            return job.id;
    return 0;
}

void TrainingController::recordPlanResult(const TrainingJob& job, const QString& runDir)
{
    if (!job.planId.isEmpty() && job.kind == TrainingJob::Kind::NewRun)
        planResults_[job.planId][QString::fromStdString(job.config.name)] = runDir;
}

TrainingController::Readiness TrainingController::resolvePlanReferences(TrainingJob& job, QString* missing) const
{
    if (job.planId.isEmpty() || job.kind != TrainingJob::Kind::NewRun)
        return Readiness::Ready;
    const auto members = planMembers_.value(job.planId);
    const auto results = planResults_.value(job.planId);
    for (auto& reference : job.config.method.reference) {
        const QString name = QString::fromStdString(reference);
        if (!members.contains(name))
            continue; // a workspace run or a path: the trainer resolves it
        if (!results.contains(name))
            return Readiness::Waiting;
        if (results.value(name).isEmpty()) {
            *missing = name;
            return Readiness::Blocked;
        }
        reference = results.value(name).toStdString();
    }
    return Readiness::Ready;
}

void TrainingController::startNextJobs()
{
    if (!paused_)
        startReadyJobs();
    if (running_.isEmpty())
        Q_EMIT idle(); // nothing running and nothing startable (a paused queue starts nothing)
}

void TrainingController::startReadyJobs()
{
    QSet<QString> busyDevices;
    for (const auto& running : running_)
        busyDevices.insert(running.job.deviceKey);

    for (int i = 0; i < queue_.size();) {
        TrainingJob job = queue_[i];
        if (busyDevices.contains(job.deviceKey)) {
            ++i;
            continue;
        }
        QString missing;
        const Readiness readiness = resolvePlanReferences(job, &missing);
        if (readiness == Readiness::Waiting) {
            ++i;
            continue;
        }
        queue_.removeAt(i);
        if (readiness == Readiness::Blocked) {
            RunOutcome outcome;
            outcome.jobId = job.id;
            outcome.runName = job.displayName;
            outcome.state = QStringLiteral("skipped");
            outcome.message =
                tr("Not started: its reference %1 (a run of the same plan) did not complete.").arg(missing);
            recordPlanResult(job, QString());
            Q_EMIT queueChanged();
            Q_EMIT jobFinished(outcome);
            i = 0; // a skip can unblock or block others: look again from the start
            continue;
        }
        startJob(job);
        busyDevices.insert(job.deviceKey);
        Q_EMIT queueChanged();
    }
}

void TrainingController::startJob(const TrainingJob& job)
{
    auto* worker = new TrainingWorker(job, this);
    Running running;
    running.job = job;
    running.worker = worker;
    running.runDir = job.runDir;
    running_.insert(job.id, running);
    // Both signals come from the worker thread and are queued to this (GUI) thread.
    connect(worker, &TrainingWorker::runFolderReady, this, [this](int jobId, const QString& runDir) {
        if (auto it = running_.find(jobId); it != running_.end()) {
            it->runDir = runDir;
            it->job.runDir = runDir;
        }
        Q_EMIT jobStarted(jobId, runDir);
    });
    connect(worker, &TrainingWorker::progress, this, &TrainingController::progress);
    connect(worker, &QThread::finished, this, [this, worker] { onWorkerFinished(worker); });
    worker->start();
}

void TrainingController::onWorkerFinished(TrainingWorker* worker)
{
    const RunOutcome outcome = worker->outcome();
    const TrainingJob job = worker->job();
    running_.remove(job.id);
    worker->deleteLater();
    recordPlanResult(job, outcome.state == QLatin1String("completed") ? outcome.runDir : QString());
    Q_EMIT jobFinished(outcome);
    Q_EMIT queueChanged();
    startNextJobs();
}

} // namespace flipbench::ui
