#include "ui/training/training_controller.h"

#include "ui/training/training_worker.h"

#include <flipbench/util/atomic_file.h>
#include <flipbench/util/json_document.h>
#include <flipbench/training/device_names.h>
#include <flipbench/util/errors.h>
#include <flipbench/runs/plan_membership.h>
#include <flipbench/runs/queued_run.h>
#include <flipbench/runs/run_store.h>

#include <nlohmann/json.hpp>

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSignalBlocker>

#include <algorithm>
#include <filesystem>
#include <tuple>

namespace flipbench::ui {

namespace {

/// "auto" and "cuda" become the concrete device, so two jobs on one GPU never run at once.
QString deviceKeyFor(const std::string& spec)
{
    return QString::fromStdString(flipbench::resolveDeviceName(spec));
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

QString cleanDir(const QString& dir)
{
    return dir.isEmpty() ? QString() : QDir::cleanPath(dir);
}

/// The run folder a reference names: a path, or a run name in the job's workspace.
QString referenceDir(const TrainingJob& job, const std::string& reference)
{
    const QString text = QString::fromStdString(reference);
    return cleanDir(QFileInfo(text).isAbsolute() ? text : QDir(job.workspace).filePath(text));
}

QString queueFileOf(const QString& workspace)
{
    return QDir(workspace).filePath(QStringLiteral("queue.json"));
}

/// Marks a run that will not start now as failed, saying why (best effort: the folder may be gone).
void markNotStarted(const QString& runDir, const std::string& message)
{
    try {
        const auto folder = flipbench::RunFolder::open(runDir.toStdString());
        flipbench::RunStatus status = folder.readStatus();
        status.state = flipbench::RunState::Failed;
        status.message = message;
        status.finished = flipbench::nowIso8601();
        folder.writeStatus(status);
    } catch (const std::exception&) {
    }
}

} // namespace

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<RunProgress>();
    qRegisterMetaType<RunOutcome>();
    connect(this, &TrainingController::queueChanged, this, &TrainingController::saveQueueOrder);
}

TrainingController::~TrainingController()
{
    // Whoever listens may be half destroyed by now (the window that owns this controller); the
    // blocked signals also leave queue.json as it was: the waiting runs are restored next time.
    const QSignalBlocker blocker(this);
    queue_.clear();
    cancelRunning();
    waitForWorkers(-1);
}

int TrainingController::enqueue(TrainingJob job)
{
    if (job.deviceKey.isEmpty())
        job.deviceKey = deviceKeyFor(job.kind == TrainingJob::Kind::NewRun ? job.config.train.device
                                                                           : storedDeviceSpec(job.runDir));
    if (job.kind == TrainingJob::Kind::NewRun && job.runDir.isEmpty())
        job.runDir =
            QString::fromStdString(flipbench::createQueuedRun(job.config, job.workspace.toStdString()).dir().string());
    if (job.displayName.isEmpty())
        job.displayName = QFileInfo(job.runDir).fileName(); // as the run table names it
    if (job.kind == TrainingJob::Kind::NewRun)
        queueWorkspaces_.insert(cleanDir(job.workspace));
    unfinishedRunDirs_.remove(cleanDir(job.runDir)); // queued again: its dependents may wait for it
    job.id = nextJobId_++;
    queue_.append(job);
    Q_EMIT queueChanged();
    startNextJobs();
    return job.id;
}

QList<int> TrainingController::enqueuePlan(const QString& workspace, const QList<flipbench::RunConfig>& runs,
                                           const QString& label)
{
    // Check every config and device first, so a bad one queues nothing rather than half a plan.
    QList<TrainingJob> jobs;
    const QString planId = QStringLiteral("plan-%1").arg(nextPlanId_++);
    for (const auto& config : runs) {
        TrainingJob job;
        job.kind = TrainingJob::Kind::NewRun;
        job.workspace = workspace;
        job.config = flipbench::parseRunConfig(flipbench::toJson(config));
        job.planId = planId;
        job.deviceKey = deviceKeyFor(config.train.device);
        jobs.append(job);
    }
    // Then the folders, so that the plan's references can name them: a run trained against an
    // earlier run of the plan (by its config name) waits for that folder, here and after a restart.
    QMap<std::string, QString> folderOf; // config name -> folder, the first run of that name
    try {
        for (auto& job : jobs) {
            job.runDir =
                QString::fromStdString(flipbench::createQueuedRun(job.config, workspace.toStdString()).dir().string());
            if (!folderOf.contains(job.config.name))
                folderOf.insert(job.config.name, job.runDir);
        }
        for (auto& job : jobs) {
            bool changed = false;
            for (auto& reference : job.config.method.reference)
                if (folderOf.contains(reference)) {
                    reference = folderOf.value(reference).toStdString();
                    changed = true;
                }
            if (changed)
                flipbench::writeQueuedConfig(flipbench::RunFolder::open(job.runDir.toStdString()), job.config);
        }
        // A plan of several runs says so in each folder, so that the run table groups it after a
        // restart too (this window's planId lives only as long as the window).
        if (jobs.size() > 1) {
            flipbench::PlanMembership membership;
            membership.plan = QFileInfo(jobs.first().runDir).fileName().toStdString();
            membership.label = label.isEmpty() ? jobs.first().config.name : label.toStdString();
            membership.size = int(jobs.size());
            for (const auto& job : jobs) {
                flipbench::writePlanMembership(job.runDir.toStdString(), membership);
                ++membership.position;
            }
        }
    } catch (...) {
        for (const auto& job : jobs)
            if (!job.runDir.isEmpty())
                flipbench::discardUnstartedRun(job.runDir.toStdString());
        throw;
    }
    // Counted before the first is queued: a run skipped at once (its reference failed earlier)
    // must not end the plan while its other runs are still to be queued.
    Plan& plan = plans_[planId];
    plan.size = plan.pending = int(jobs.size());
    for (const auto& job : jobs)
        plan.runDirs.append(job.runDir);
    QList<int> ids;
    for (auto& job : jobs)
        ids.append(enqueue(job));
    return ids;
}

QList<int> TrainingController::enqueuePreparedPlan(const QString& planId, const QList<TrainingJob>& jobs)
{
    QList<int> ids;
    if (jobs.isEmpty())
        return ids;
    // Counted before the first is queued, as enqueuePlan does.
    Plan& plan = plans_[planId];
    plan.size += int(jobs.size());
    plan.pending += int(jobs.size());
    for (TrainingJob job : jobs) {
        job.planId = planId;
        plan.runDirs.append(job.runDir);
        ids.append(enqueue(job));
    }
    return ids;
}

int TrainingController::restoreQueuedRuns(const QString& workspace)
{
    struct Waiting {
        QString dir;
        std::string created;
        int position; ///< in the saved queue order; after them, oldest first
    };
    QStringList saved;
    try {
        const auto order = flipbench::readJsonDocument(queueFileOf(workspace).toStdString());
        for (const auto& name : order.value("queued", nlohmann::json::array()))
            if (name.is_string())
                saved << QString::fromStdString(name.get<std::string>());
    } catch (const std::exception&) {
        // no queue.json (or a damaged one): creation order
    }
    QList<Waiting> waiting;
    for (const QFileInfo& entry : QDir(workspace).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = entry.absoluteFilePath();
        if (jobIdForRunDir(dir) != 0 || !flipbench::isUnstartedRun(dir.toStdString()))
            continue;
        const int position = saved.indexOf(entry.fileName());
        std::string created;
        try {
            const flipbench::RunStatus status = flipbench::RunFolder::open(dir.toStdString()).readStatus();
            if (!status.job.empty())
                continue; // queued in a cluster's scheduler (sweep --slurm): its task trains it, not this window
            created = status.created;
        } catch (const std::exception&) {
        }
        waiting.append({dir, created, position < 0 ? int(saved.size()) : position});
    }
    std::sort(waiting.begin(), waiting.end(), [](const Waiting& a, const Waiting& b) {
        return std::tie(a.position, a.created, a.dir) < std::tie(b.position, b.created, b.dir);
    });

    const bool wasIdle = queue_.isEmpty() && running_.isEmpty();
    QList<TrainingJob> jobs;
    for (const Waiting& run : waiting) {
        TrainingJob job;
        job.kind = TrainingJob::Kind::NewRun;
        job.workspace = workspace;
        job.runDir = run.dir;
        try {
            job.config =
                flipbench::parseRunConfig(flipbench::RunFolder::open(run.dir.toStdString()).readJson("config.json"));
            // A vanished data folder (an unmounted disk, a moved download) would only fail when the
            // run's turn comes: say so now, on the run, and keep it resumable once the data is back.
            const std::filesystem::path data = job.config.data.path;
            if (!std::filesystem::is_directory(data))
                throw flipbench::UserError("Its data folder " + data.string() +
                                           " is gone; it was there when the run was queued. Put it back and resume "
                                           "the run, or delete the run.");
            job.deviceKey = deviceKeyFor(job.config.train.device);
        } catch (const std::exception& e) {
            markNotStarted(run.dir, std::string("Could not queue this run again: ") + e.what());
            recordUnfinished(run.dir);
            continue;
        }
        jobs.append(job);
    }
    if (jobs.isEmpty())
        return 0;
    if (wasIdle)
        paused_ = true; // an earlier session's runs wait until the user resumes the queue
    for (const auto& job : jobs)
        enqueue(job);
    return int(jobs.size());
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
        outcome.state = flipbench::RunState::Cancelled;
        outcome.message = tr("Removed from the queue before it started.");
        // A new run that never started leaves nothing behind; a resume keeps its run as it was.
        if (job.kind == TrainingJob::Kind::NewRun)
            flipbench::discardUnstartedRun(job.runDir.toStdString());
        recordUnfinished(job.runDir);
        Q_EMIT queueChanged();
        Q_EMIT jobFinished(outcome);
        planJobEnded(job, !QFileInfo::exists(job.runDir));
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
    cancelRunning();
}

void TrainingController::cancelRunning()
{
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

int TrainingController::planSize(const QString& planId) const
{
    const auto it = plans_.find(planId);
    return it == plans_.end() ? 0 : it->size;
}

void TrainingController::recordUnfinished(const QString& runDir)
{
    if (!runDir.isEmpty())
        unfinishedRunDirs_.insert(cleanDir(runDir));
}

TrainingController::Readiness TrainingController::referenceReadiness(const TrainingJob& job, QString* missing) const
{
    for (const auto& reference : job.config.method.reference) {
        const QString dir = referenceDir(job, reference);
        if (unfinishedRunDirs_.contains(dir)) {
            *missing = QFileInfo(dir).fileName();
            return Readiness::Blocked;
        }
        for (const auto& running : running_)
            if (cleanDir(running.job.runDir) == dir)
                return Readiness::Waiting;
        for (const auto& queued : queue_)
            if (queued.id != job.id && cleanDir(queued.runDir) == dir)
                return Readiness::Waiting;
    }
    return Readiness::Ready; // a completed run, or one the trainer reports on
}

void TrainingController::saveQueueOrder()
{
    for (const QString& workspace : std::as_const(queueWorkspaces_)) {
        nlohmann::json names = nlohmann::json::array();
        for (const auto& job : queue_)
            if (job.kind == TrainingJob::Kind::NewRun && cleanDir(job.workspace) == workspace)
                names.push_back(QFileInfo(job.runDir).fileName().toStdString());
        try {
            if (names.empty())
                QFile::remove(queueFileOf(workspace));
            else
                flipbench::writeTextAtomically(queueFileOf(workspace).toStdString(),
                                               nlohmann::json({{"queued", names}}).dump(2) + "\n");
        } catch (const std::exception&) {
            // Only the order is lost: restoreQueuedRuns falls back to creation order.
        }
    }
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
        const Readiness readiness = referenceReadiness(job, &missing);
        if (readiness == Readiness::Waiting) {
            ++i;
            continue;
        }
        queue_.removeAt(i);
        if (readiness == Readiness::Blocked) {
            RunOutcome outcome;
            outcome.jobId = job.id;
            outcome.runName = job.displayName;
            outcome.runDir = job.runDir;
            outcome.state = flipbench::RunState::Skipped;
            outcome.message = tr("Not started: its reference %1 did not complete.").arg(missing);
            markNotStarted(job.runDir, outcome.message.toStdString());
            recordUnfinished(job.runDir);
            Q_EMIT queueChanged();
            Q_EMIT jobFinished(outcome);
            planJobEnded(job, false);
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
    const QString runDir = outcome.runDir.isEmpty() ? job.runDir : outcome.runDir;
    if (outcome.state == flipbench::RunState::Completed)
        unfinishedRunDirs_.remove(cleanDir(runDir)); // resumed to the end: a reference now
    else
        recordUnfinished(runDir);
    Q_EMIT jobFinished(outcome);
    planJobEnded(job, false);
    Q_EMIT queueChanged();
    startNextJobs();
}

void TrainingController::planJobEnded(const TrainingJob& job, bool folderRemoved)
{
    const auto it = plans_.find(job.planId);
    if (job.planId.isEmpty() || it == plans_.end())
        return; // a single run, a resume, or a run restored from an earlier session
    if (folderRemoved)
        it->runDirs.removeAll(job.runDir);
    if (--it->pending > 0)
        return;
    const QString planId = job.planId;
    const QStringList runDirs = it->runDirs;
    plans_.erase(it);
    Q_EMIT planFinished(planId, runDirs);
}

} // namespace flipbench::ui
