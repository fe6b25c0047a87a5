#pragma once

#include <functional>

#include <QFuture>
#include <QString>

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

/// Hands the result of `future` to `done` on the GUI thread; nothing happens if `context` is gone
/// by then (the task itself still finishes on the pool).
void whenDone(QObject* context, const QFuture<TaskResult>& future, std::function<void(const TaskResult&)> done);

} // namespace flipbench::ui
