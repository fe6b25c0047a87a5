#pragma once

#include "ui/training/progress_types.h"
#include "ui/training/training_job.h"

#include <flipbench/util/cancel_token.h>

#include <QThread>

namespace flipbench::ui {

/// One training job on its own thread: prepares the run folder (config checks, data loading),
/// trains, and leaves its outcome as an owned value. The QThread object itself lives in the GUI
/// thread, so its signals reach the controller queued.
class TrainingWorker final : public QThread {
    Q_OBJECT
public:
    TrainingWorker(TrainingJob job, QObject* parent = nullptr);

    /// Asks the trainer to stop after its current batch. Safe from any thread.
    void cancel();
    const TrainingJob& job() const { return job_; }
    /// Valid once the thread has finished.
    const RunOutcome& outcome() const { return outcome_; }

Q_SIGNALS:
    void runFolderReady(int jobId, const QString& runDir);
    void progress(const flipbench::ui::RunProgress& progress);

protected:
    void run() override;

private:
    TrainingJob job_;
    flipbench::CancelToken cancel_;
    RunOutcome outcome_;
};

} // namespace flipbench::ui
