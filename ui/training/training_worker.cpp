#include "ui/training/training_worker.h"

#include "ui/training/batching_progress_sink.h"

#include <flipbench/util/errors.h>
#include <flipbench/runs/run_session.h>
#include <flipbench/training/trainer.h>

#include <QCoreApplication>

namespace flipbench::ui {

TrainingWorker::TrainingWorker(TrainingJob job, QObject* parent) : QThread(parent), job_(std::move(job))
{
    outcome_.jobId = job_.id;
    outcome_.runName = job_.displayName;
    outcome_.runDir = job_.runDir;
}

void TrainingWorker::cancel()
{
    requestInterruption();
    cancel_.cancel();
}

void TrainingWorker::run()
{
    outcome_.trainedOnWorkerThread = QThread::currentThread() != QCoreApplication::instance()->thread();
    try {
        // Preparing loads the data set (seconds for CIFAR-10), so it belongs on this thread too. A
        // new run got its folder when it was queued: prepareResume starts such a run afresh.
        flipbench::PreparedRun prepared = job_.runDir.isEmpty()
                                              ? flipbench::prepareNewRun(job_.config, job_.workspace.toStdString())
                                              : flipbench::prepareResume(job_.runDir.toStdString());
        outcome_.runDir = QString::fromStdString(prepared.folder.dir().string());
        outcome_.runName = QString::fromStdString(prepared.folder.name());
        Q_EMIT runFolderReady(job_.id, outcome_.runDir);

        BatchingProgressSink sink(job_.id, outcome_.runDir, [this](const RunProgress& p) { Q_EMIT progress(p); });
        const flipbench::TrainOutcome trained =
            flipbench::trainRun(prepared.folder, prepared.config, prepared.data, sink, cancel_);
        sink.flush();
        outcome_.state = trained.state;
        outcome_.message = QString::fromStdString(trained.message);
        outcome_.epochsDone = trained.epochsDone;
    } catch (const std::exception& e) {
        // A config or data problem found while preparing: say why (a queued run's status says so too).
        outcome_.state = flipbench::RunState::Failed;
        outcome_.message = QString::fromStdString(e.what());
    }
}

} // namespace flipbench::ui
