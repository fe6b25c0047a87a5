#include "ui/background_tasks.h"

#include <QFutureWatcher>

#include <flipbench/cifar_reader.h>
#include <flipbench/demo_data.h>
#include <flipbench/model_import.h>

#include <QtConcurrent/QtConcurrentRun>

namespace flipbench::ui {

namespace {

QString fromPath(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

} // namespace

QFuture<TaskResult> importModelInBackground(const ModelImportSpec& spec)
{
    return QtConcurrent::run([spec]() -> TaskResult {
        try {
            ImportRequest request;
            request.file = spec.file.toStdString();
            request.arch = spec.arch.toStdString();
            request.workspace = spec.workspace.toStdString();
            request.dataPath = spec.dataPath.toStdString();
            request.testLimit = spec.testLimit;
            request.device = spec.device.toStdString();
            return {fromPath(importModel(request).dir()), {}};
        } catch (const std::exception& e) { // UserError, but also c10::Error from a damaged file
            return {{}, QString::fromStdString(e.what())};
        }
    });
}

QFuture<TaskResult> writeDemoDataInBackground(const QString& parent)
{
    return QtConcurrent::run([parent]() -> TaskResult {
        const std::filesystem::path dir = parent.toStdString();
        try {
            return {fromPath(inspectCifar10Folder(dir / "cifar-10-batches-bin").dir), {}};
        } catch (const std::exception&) {
            // Not there yet (or damaged): write it.
        }
        try {
            return {fromPath(writeDemoDataset(dir)), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromStdString(e.what())};
        }
    });
}

void whenDone(QObject* context, const QFuture<TaskResult>& future, std::function<void(const TaskResult&)> done)
{
    auto* watcher = new QFutureWatcher<TaskResult>(context);
    QObject::connect(watcher, &QFutureWatcher<TaskResult>::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(future);
}

} // namespace flipbench::ui
