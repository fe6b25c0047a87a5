#include "ui/runs/run_folder_actions.h"

#include "ui/curves/curve_store.h"
#include "ui/runs/config_diff_dialog.h"
#include "ui/runs/run_notes_dialog.h"
#include "ui/training/training_controller.h"
#include "ui/widgets/number_format.h"

#include <flipbench/config/config_diff.h>
#include <flipbench/runs/run_notes.h>
#include <flipbench/runs/run_store.h>

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QUrl>
#include <QWidget>

namespace flipbench::ui {

RunFolderActions::RunFolderActions(QWidget* window, TrainingController* controller, CurveStore* curves)
    : QObject(window), window_(window), controller_(controller), curves_(curves)
{
}

void RunFolderActions::resume(const QStringList& runDirs)
{
    for (const QString& dir : runDirs) {
        try {
            controller_->enqueueResume(workspace_, dir);
        } catch (const std::exception& e) {
            Q_EMIT message(tr("Cannot resume %1: %2").arg(QFileInfo(dir).fileName(), QString::fromUtf8(e.what())),
                           true);
        }
    }
}

void RunFolderActions::cancel(const QList<int>& jobIds)
{
    // Stopping a training throws away the epoch in progress: ask first. Runs that only wait in
    // the queue lose nothing and are taken out without a question, as the queue's Remove does.
    QStringList running;
    for (const TrainingJob& job : controller_->runningJobs())
        if (jobIds.contains(job.id))
            running.append(job.displayName);
    if (!running.isEmpty()) {
        const QString question =
            tr("Stop %1?").arg(countOf(running.size(), tr("training"), tr("trainings"))) + QStringLiteral("\n\n") +
            running.join(QLatin1Char('\n')) + QStringLiteral("\n\n") +
            tr("Each stops after its current batch. Its checkpoint of the last finished epoch is kept: Resume "
               "continues from there, so only the epoch in progress is lost.");
        if (QMessageBox::question(window_, tr("Cancel Training"), question, QMessageBox::Yes | QMessageBox::No,
                                  QMessageBox::No) != QMessageBox::Yes)
            return;
    }
    for (int id : jobIds)
        controller_->cancelJob(id);
}

void RunFolderActions::remove(const QStringList& runDirs)
{
    QStringList deletable;
    for (const QString& dir : runDirs)
        if (!controller_->isRunDirActive(dir) && !controller_->isRunDirReferenced(dir))
            deletable.append(dir);
    if (deletable.size() < runDirs.size())
        Q_EMIT message(tr("Runs that are training or queued, or that a queued run trains against, are not deleted: "
                          "cancel those jobs first."),
                       true);
    if (deletable.isEmpty())
        return;
    QStringList names;
    for (const QString& dir : deletable)
        names.append(QFileInfo(dir).fileName());
    if (QMessageBox::question(window_, tr("Delete Runs"),
                              tr("Move %1 to the trash?\n\n%2")
                                  .arg(countOf(deletable.size(), tr("run"), tr("runs")), names.join(QLatin1Char('\n'))),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    for (const QString& dir : deletable) {
        QString path = dir;
        if (QFile::moveToTrash(path))
            continue;
        // No trash on this system (or on this file system): deleting for good needs a second yes.
        if (QMessageBox::warning(window_, tr("No Trash"),
                                 tr("%1 cannot be moved to the trash here. Delete it permanently?").arg(dir),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes &&
            !QDir(dir).removeRecursively())
            Q_EMIT message(tr("Could not delete all of %1; check its permissions.").arg(dir), true);
    }
    for (const QString& dir : deletable)
        curves_->forget(dir);
    Q_EMIT runsChanged();
}

void RunFolderActions::compareConfigurations(const QString& runA, const QString& runB)
{
    try {
        const auto configOf = [](const QString& dir) {
            return flipbench::RunFolder::open(dir.toStdString()).readJson("config.json");
        };
        const auto differences = flipbench::diffConfigs(configOf(runA), configOf(runB));
        auto* dialog =
            new ConfigDiffDialog(QFileInfo(runA).fileName(), QFileInfo(runB).fileName(), differences, window_);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Cannot compare the configurations of %1 and %2: %3")
                           .arg(QFileInfo(runA).fileName(), QFileInfo(runB).fileName(), QString::fromUtf8(e.what())),
                       true);
    }
}

void RunFolderActions::editNotes(const QString& runDir)
{
    const QString name = QFileInfo(runDir).fileName();
    flipbench::RunNotes notes;
    try {
        notes = flipbench::readRunNotes(flipbench::RunFolder::open(runDir.toStdString()));
    } catch (const std::exception& e) {
        // A damaged notes.json: start from empty fields; saving replaces the file.
        Q_EMIT message(
            tr("The notes of %1 cannot be read, so the fields start empty: %2").arg(name, QString::fromUtf8(e.what())),
            true);
    }
    QStringList tags;
    for (const auto& tag : notes.tags)
        tags.append(QString::fromStdString(tag));
    auto* dialog = new RunNotesDialog(name, tags, QString::fromStdString(notes.note), window_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, runDir, name] {
        flipbench::RunNotes edited;
        for (const QString& tag : dialog->tags())
            edited.tags.push_back(tag.toStdString());
        edited.note = dialog->note().toStdString();
        try {
            flipbench::writeRunNotes(flipbench::RunFolder::open(runDir.toStdString()), edited);
        } catch (const std::exception& e) {
            Q_EMIT message(tr("Could not save the tags and note of %1: %2").arg(name, QString::fromUtf8(e.what())),
                           true);
        }
        Q_EMIT runsChanged(); // the folder watcher sees the workspace, not the files inside a run
    });
    dialog->open();
}

void RunFolderActions::showFolder(const QString& runDir)
{
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(runDir)))
        Q_EMIT message(tr("No file manager could open %1.").arg(runDir), false);
}

} // namespace flipbench::ui
