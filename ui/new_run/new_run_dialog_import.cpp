// The New Run dialog's imports: the seed notebook's hyperparameters, model files as references and
// demo data. The slow ones run on the thread pool behind a busy indicator.

#include "ui/app/background_tasks.h"
#include "ui/new_run/new_run_dialog.h"

#include "ui/app/app_settings.h"
#include "ui/new_run/run_form.h"

#include <flipbench/data/data_folder_summary.h>
#include <flipbench/config/notebook_hyperparameters.h>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLabel>

#include <algorithm>

namespace flipbench::ui {

namespace {

/// What the notebook does not say, so a notebook import keeps the form's values.
const QStringList kKeptFromForm = {"data.path",     "data.train_limit", "data.test_limit",
                                   "data.val_size", "train.device",     "train.threads"};

} // namespace

bool NewRunDialog::loadNotebookHyperparameters(const QString& file)
{
    const auto fail = [&](const QString& why) {
        showProblem(tr("Notebook hyperparameters"), tr("Cannot use %1: %2").arg(QDir::toNativeSeparators(file), why));
        return false;
    };
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return fail(input.errorString());
    NotebookMapping mapping;
    std::vector<NotebookReferenceSource> sources;
    try {
        mapping = mapNotebookHyperparameters(nlohmann::json::parse(input.readAll().toStdString()));
        sources = locateNotebookReferences(mapping, workspace_.toStdString());
        const bool needsImport = std::any_of(sources.begin(), sources.end(), [](const NotebookReferenceSource& s) {
            return s.kind == NotebookReferenceSource::Kind::File;
        });
        if (needsImport && !plan_[current_].check.dataOk)
            return fail(tr("kd_model_path names a model file, which is imported by evaluating it on the test "
                           "images; choose a valid data folder first"));
        for (const auto& source : sources) {
            if (source.kind == NotebookReferenceSource::Kind::Run)
                checkNotebookReferenceRun(mapping, source.path);
            else // the imported model has the data's classes; check before anything is written
                checkNotebookReference(
                    mapping, source.path.filename().string(), mapping.referenceArch,
                    static_cast<int64_t>(
                        inspectDataFolder(
                            absoluteDataPath(plan_[current_].draft.value("data.path").toString()).toStdString())
                            .classNames.size()));
        }
    } catch (const nlohmann::json::parse_error& e) {
        return fail(tr("it is not JSON (%1)").arg(QString::fromStdString(e.what())));
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }

    QStringList references;
    for (const auto& source : sources)
        if (source.kind == NotebookReferenceSource::Kind::Run)
            references << QString::fromStdString(source.path.string());
    RunDraft draft = draftFromConfig(mapping.config);
    for (const QString& key : kKeptFromForm)
        draft[key] = plan_[current_].draft.value(key);
    draft["method.reference"] = references;
    plan_[current_].draft = draft;
    showCurrentRun();

    QStringList notes;
    for (const auto& note : mapping.notes)
        notes << QString::fromStdString(note);
    for (const auto& source : sources) {
        notes << QString::fromStdString(source.note);
        if (source.kind == NotebookReferenceSource::Kind::File)
            startImport(QString::fromStdString(source.path.string()), QString::fromStdString(mapping.referenceArch),
                        plan_[current_].id);
    }
    notesLabel_->setText(tr("From %1:\n").arg(QFileInfo(file).fileName()) + notes.join('\n'));
    notesLabel_->setVisible(true);
    return true;
}

void NewRunDialog::chooseNotebookFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Notebook hyperparameters"), QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!file.isEmpty())
        loadNotebookHyperparameters(file);
}

void NewRunDialog::chooseReferenceFile()
{
    if (!plan_[current_].check.dataOk) {
        showProblem(tr("Import model file"), tr("Choose a valid data folder first: the imported model is evaluated "
                                                "on its test images, the same ones this run is tested on."));
        return;
    }
    const QString file = QFileDialog::getOpenFileName(this, tr("Import model file"), QString(),
                                                      tr("PyTorch weights (*.pt *.pth);;All files (*)"));
    if (file.isEmpty())
        return;
    QStringList labels, archs;
    for (const Choice& choice : fieldChoices("model.arch")) {
        labels << choice.label;
        archs << choice.value;
    }
    bool ok = false;
    const int current = qMax(0, int(archs.indexOf(plan_[current_].draft.value("model.arch").toString())));
    const QString label =
        QInputDialog::getItem(this, tr("Import model file"), tr("Architecture of %1:").arg(QFileInfo(file).fileName()),
                              labels, current, false, &ok);
    if (ok)
        startImport(file, archs.value(int(labels.indexOf(label))), plan_[current_].id);
}

void NewRunDialog::startImport(const QString& file, const QString& arch, int runId)
{
    const RunDraft& draft = plan_[rowOf(runId)].draft;
    ModelImportSpec spec;
    spec.file = file;
    spec.arch = arch;
    spec.workspace = workspace_;
    spec.dataPath = absoluteDataPath(draft.value("data.path").toString());
    spec.testLimit = draft.value("data.test_limit").toLongLong();
    spec.device = draft.value("train.device").toString();
    setBusy(true, tr("Importing %1 and evaluating it on the test images…").arg(QFileInfo(file).fileName()));
    whenDone(this, importModelInBackground(spec), [this, runId, file](const TaskResult& result) {
        setBusy(false);
        if (!result.error.isEmpty()) {
            showProblem(tr("Import model file"), result.error);
            return;
        }
        context_ = makePlanContext(workspace_); // the new run is a completed run of the workspace now
        const int row = rowOf(runId);
        if (row >= 0) {
            QStringList references = draftReferences(plan_[row].draft);
            if (!references.contains(result.path))
                references << result.path;
            plan_[row].draft["method.reference"] = references;
        }
        showCurrentRun();
    });
}

void NewRunDialog::createDemoData()
{
    const int runId = plan_[current_].id;
    const QString before = plan_[current_].draft.value("data.path").toString();
    setBusy(true, tr("Writing demo data…"));
    whenDone(this, writeDemoDataInBackground(AppSettings::defaultDemoDataDir()),
             [this, runId, before](const TaskResult& result) {
                 setBusy(false);
                 if (!result.error.isEmpty()) {
                     showProblem(tr("Demo data"), result.error);
                     return;
                 }
                 // Every run of the plan that used the same folder switches with it: references need
                 // the same test images.
                 for (PlanRun& run : plan_)
                     if (run.id == runId || run.draft.value("data.path").toString() == before)
                         run.draft["data.path"] = result.path;
                 showCurrentRun();
             });
}

} // namespace flipbench::ui
