#include "ui/app/background_tasks.h"

#include <flipbench/data/data_folder_summary.h>
#include <flipbench/data/demo_data.h>
#include <flipbench/pytorch/model_import.h>

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
            return {fromPath(inspectDataFolder(dir / "cifar-10-batches-bin").dir), {}};
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

QFuture<PlanSummaryResult> summarizePlanInBackground(const QStringList& runDirs)
{
    std::vector<std::filesystem::path> dirs;
    for (const QString& dir : runDirs)
        dirs.emplace_back(dir.toStdString());
    return QtConcurrent::run([dirs]() -> PlanSummaryResult {
        try {
            return {flipbench::summarizePlan(dirs), {}};
        } catch (const std::exception& e) { // a run folder deleted meanwhile, damaged logits
            return {{}, QString::fromStdString(e.what())};
        }
    });
}

} // namespace flipbench::ui
