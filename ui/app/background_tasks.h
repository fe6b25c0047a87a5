#pragma once

#include <flipbench/runs/plan_summary.h>

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

namespace flipbench::ui {

/// What a background task produced: a path, or the message of what went wrong.
struct TaskResult {
    QString path;
    QString error;
};

struct ModelImportSpec {
    QString file; ///< .pt / .pth state dict
    QString arch;
    QString workspace;
    QString dataPath;     ///< evaluated on this folder's test images...
    qint64 testLimit = 0; ///< ...the first N of them, so that it matches the runs compared with it
    QString device = "auto";
};

/// importModel on the global thread pool (it evaluates the whole test set: seconds to minutes).
/// The result's path is the new run folder.
QFuture<TaskResult> importModelInBackground(const ModelImportSpec& spec);

/// Demo data under `parent` (kept when a valid copy is already there); the result's path is its
/// cifar-10-batches-bin folder.
QFuture<TaskResult> writeDemoDataInBackground(const QString& parent);

/// A finished plan's summary (flipbench::summarizePlan), or why it could not be made.
struct PlanSummaryResult {
    flipbench::PlanSummary summary;
    QString error;
};

/// summarizePlan on the global thread pool: it reads every run's test logits (and its reference's)
/// and compares them, which takes a moment for a plan of CIFAR-10 runs.
QFuture<PlanSummaryResult> summarizePlanInBackground(const QStringList& runDirs);

/// Hands the result of `future` to `done` (called with a const T&) on the GUI thread; nothing
/// happens if `context` is gone by then (the task itself still finishes on the pool).
template <typename T, typename Done> void whenDone(QObject* context, const QFuture<T>& future, Done done)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(future);
}

} // namespace flipbench::ui
