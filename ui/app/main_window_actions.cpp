// MainWindow: what happens to runs (start, resume, cancel, delete) and how training events update
// the views. The window's construction and workspace handling are in main_window.cpp.

#include "ui/app/main_window.h"

#include "ui/app/app_settings.h"
#include "ui/app/background_tasks.h"
#include "ui/compare/compare_view.h"
#include "ui/new_sweep/new_sweep_dialog.h"
#include "ui/new_sweep/sweep_jobs.h"
#include "ui/curves/curve_store.h"
#include "ui/curves/curves_panel.h"
#include "ui/new_run/new_run_dialog.h"
#include "ui/training/plan_summary_dialog.h"
#include "ui/report/report_dialog.h"
#include "ui/runs/run_details_panel.h"
#include "ui/runs/run_groups_updater.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_panel.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_status_labels.h"
#include "ui/widgets/number_format.h"

#include <flipbench/util/errors.h>
#include <flipbench/config/presets.h>
#include <flipbench/config/run_config.h>
#include <flipbench/runs/run_store.h>
#include <flipbench/util/atomic_file.h>

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QHash>
#include <QStatusBar>
#include <QTabWidget>

namespace flipbench::ui {

namespace {

/// A queued job shown as a table row before it has a folder.
RunRow rowForQueuedJob(const TrainingJob& job)
{
    RunRow row;
    row.jobId = job.id;
    row.name = job.displayName;
    row.state = flipbench::RunState::Queued;
    row.device = job.deviceKey;
    row.arch = QString::fromStdString(job.config.model.arch);
    QStringList references;
    for (const auto& reference : job.config.method.reference)
        references.append(QFileInfo(QString::fromStdString(reference)).fileName());
    row.reference = references.join(QStringLiteral(", "));
    row.method = methodLabel(QString::fromStdString(job.config.method.name), int(references.size()), false);
    row.epochs = job.config.train.epochs;
    return row;
}

} // namespace

void MainWindow::reloadRuns()
{
    if (workspace_.isEmpty())
        return;
    QVector<RunRow> rows = readWorkspaceRows(workspace_);
    QHash<QString, QString> runningDevices; // status.json names the device only once training starts
    for (const TrainingJob& job : controller_->runningJobs())
        runningDevices.insert(job.runDir, job.deviceKey);
    for (RunRow& row : rows) {
        row.jobId = controller_->jobIdForRunDir(row.dir);
        if (row.device.isEmpty())
            row.device = runningDevices.value(row.dir);
        // Started here but not training yet (loading its data), or waiting in the queue for its
        // device: a new run (its folder says queued) or a resume.
        if (row.jobId && row.state != flipbench::RunState::Running)
            row.state = runningDevices.contains(row.dir) ? flipbench::RunState::Preparing : flipbench::RunState::Queued;
    }
    const QString here = QDir::cleanPath(workspace_);
    // Jobs that have no folder (enqueue() gives a new run one; kept for jobs made without).
    for (const TrainingJob& job : controller_->runningJobs())
        if (job.runDir.isEmpty() && QDir::cleanPath(job.workspace) == here) {
            RunRow row = rowForQueuedJob(job);
            row.state = flipbench::RunState::Preparing;
            rows.append(row);
        }
    for (const TrainingJob& job : controller_->queuedJobs())
        if (job.kind == TrainingJob::Kind::NewRun && job.runDir.isEmpty() && QDir::cleanPath(job.workspace) == here)
            rows.append(rowForQueuedJob(job));
    tableModel_->setRows(rows);
    groupsUpdater_->update(rows); // the groups of seeds follow, measured off this thread
    updateWelcomeVisibility();
    updateStatusBar();
    onSelectionChanged();
}

bool MainWindow::reloadIfTrainedElsewhere()
{
    // A run on another machine cannot be checked for a live process: one whose status has not
    // been written for an hour (at least an epoch end writes it) is not waited for.
    const QDateTime stale = QDateTime::currentDateTimeUtc().addSecs(-3600);
    const QVector<RunRow>& rows = tableModel_->rows();
    const bool elsewhere = std::any_of(rows.begin(), rows.end(), [&](const RunRow& row) {
        return !row.isGroup && !row.dir.isEmpty() && row.jobId == 0 && row.state == flipbench::RunState::Running &&
               (!row.updated.isValid() || row.updated > stale);
    });
    if (elsewhere)
        reloadRuns();
    return elsewhere;
}

void MainWindow::onSelectionChanged()
{
    const QList<const RunRow*> rows = runsPanel_->selectedRows();
    // A selected group of seeds: its runs, and their mean with a band on the epoch plots.
    QList<CurveGroup> groups;
    for (const RunRow* row : rows)
        if (row->isGroup && !row->isPlanGroup()) // a plan's runs are different settings: each its own curve
            groups.append({row->name, row->figures->runDirs});
    curvesPanel_->setRuns(runsPanel_->selectedRunDirs(), groups);
    details_->showRow(rows.isEmpty() ? nullptr : rows.first());
    if (!resumeAction_)
        return; // still building the window
    resumeAction_->setEnabled(!runsPanel_->selectedResumableDirs().isEmpty());
    cancelAction_->setEnabled(!runsPanel_->selectedJobIds().isEmpty());
}

void MainWindow::onProgress(const RunProgress& progress)
{
    curveStore_->addProgress(progress);
    tableModel_->applyProgress(progress);
    trainingStatus_->addProgress(progress);
    for (const QString& message : progress.messages) {
        // A training warning (a loss term swamping the other) matters for the whole run: it stays
        // in the message bar rather than flashing by in the status bar.
        if (message.startsWith(QLatin1String("Warning:")))
            showMessage(QFileInfo(progress.runDir).fileName() + QStringLiteral(": ") + message, true);
        else
            statusBar()->showMessage(message, 6000);
    }
}

void MainWindow::onJobStarted(int jobId, const QString& runDir)
{
    // A resumed run's metrics were cut back to its checkpoint: read them again.
    curveStore_->forget(runDir);
    reloadRuns();
    tableModel_->setJobForDir(runDir, jobId);
    // Show the live curves of what just started, next to the plan's earlier runs.
    if (runsPanel_->selectedRows().isEmpty())
        followNewRuns_ = true;
    if (followNewRuns_)
        runsPanel_->addRunDirToSelection(runDir);
}

void MainWindow::onJobFinished(const RunOutcome& outcome)
{
    trainingStatus_->jobFinished(outcome.jobId);
    reloadRuns();
    if (modes_->currentWidget() == compareView_)
        compareView_->refreshRuns(); // a completed run can be compared now
    if (outcome.state == flipbench::RunState::Failed || outcome.state == flipbench::RunState::Skipped) {
        showMessage(tr("%1 %2: %3").arg(outcome.runName, stateText(outcome.state), outcome.message), true);
        if (!outcome.runDir.isEmpty()) {
            runsPanel_->selectRunDir(outcome.runDir);
            tabs_->setCurrentWidget(details_);
        }
    } else if (outcome.state == flipbench::RunState::Completed) {
        statusBar()->showMessage(tr("%1 completed.").arg(outcome.runName), 8000);
    }
}

void MainWindow::onPlanFinished(const QString& planId, const QStringList& runDirs)
{
    if (planId.startsWith(QStringLiteral("sweep:"))) {
        // A sweep's runs are seeds of settings: the Seeds tab, not a table of single runs, says
        // what they show.
        showMessage(tr("Sweep %1 has ended (%2 runs trained here). Compare → Seeds shows its groups over seeds "
                       "with their intervals, the noise floor and the settings chosen on validation.")
                        .arg(planId.mid(6))
                        .arg(runDirs.size()),
                    false);
        return;
    }
    if (runDirs.size() < 2)
        return; // a single run has nothing in its plan to be compared with
    showPlanSummary(runDirs, true);
}

void MainWindow::showPlanSummary(const QStringList& runDirs, bool finished)
{
    whenDone(this, summarizePlanInBackground(runDirs), [this, finished](const PlanSummaryResult& result) {
        if (!result.error.isEmpty()) {
            showMessage(finished ? tr("The plan has finished, but its summary could not be made: %1").arg(result.error)
                                 : tr("The plan's summary could not be made: %1").arg(result.error),
                        true);
            return;
        }
        auto* summary = new PlanSummaryDialog(result.summary, this);
        summary->setAttribute(Qt::WA_DeleteOnClose);
        summary->show();
        if (finished)
            showMessage(planVerdictLine(result.summary), false);
    });
}

NewRunDialog* MainWindow::newRun(const QString& preset)
{
    auto* dialog = new NewRunDialog(workspace_, dataPath_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!preset.isEmpty())
        dialog->loadPreset(preset);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { enqueueFromDialog(dialog); });
    dialog->open();
    return dialog;
}

void MainWindow::startWithDemoData()
{
    // The same helper and folder as the New Run form's "Demo data" button: one copy, written off
    // the GUI thread, reused when it is already complete.
    QApplication::setOverrideCursor(Qt::BusyCursor);
    statusBar()->showMessage(tr("Writing demo data…"));
    whenDone(this, writeDemoDataInBackground(AppSettings::defaultDemoDataDir()), [this](const TaskResult& result) {
        QApplication::restoreOverrideCursor();
        statusBar()->clearMessage();
        if (!result.error.isEmpty()) {
            showMessage(
                tr("Could not create the demo data in %1: %2").arg(AppSettings::defaultDemoDataDir(), result.error),
                true);
            return;
        }
        setDataPath(result.path);
        newRun(QStringLiteral("cpu-quick"));
    });
}

bool MainWindow::startPreset(const QString& preset)
{
    try {
        QList<flipbench::RunConfig> runs;
        for (flipbench::RunConfig config : flipbench::loadPreset(preset.toStdString()).runs) {
            config.data.path = dataPath_.toStdString();
            runs.append(config);
        }
        controller_->enqueuePlan(workspace_, runs, preset);
        controller_->setPaused(false); // asked to start, like the form's Start
        reloadRuns();
        return true;
    } catch (const std::exception& e) {
        showMessage(tr("Could not start preset %1: %2").arg(preset, QString::fromUtf8(e.what())), true);
        return false;
    }
}

void MainWindow::enqueueFromDialog(NewRunDialog* dialog)
{
    try {
        const QList<int> ids = controller_->enqueuePlan(workspace_, dialog->plan(), dialog->planLabel());
        const QString runs = countOf(ids.size(), tr("run"), tr("runs"));
        if (dialog->queueOnly()) {
            // "Add to Queue": behind what waits already, and the queue as it is; a queue the user
            // paused stays paused, and the queue panel says so with a Resume button.
            statusBar()->showMessage(
                controller_->isPaused()
                    ? tr("%1 added to the paused queue: Resume it in the queue panel to start.").arg(runs)
                    : tr("%1 added to the queue.").arg(runs),
                10000);
        } else {
            controller_->setPaused(false);
            statusBar()->showMessage(tr("%1 queued.").arg(runs), 5000);
        }
    } catch (const std::exception& e) {
        showMessage(tr("Could not start: %1").arg(QString::fromUtf8(e.what())), true);
    }
    reloadRuns();
}

NewSweepDialog* MainWindow::newSweep(const QString& specFile)
{
    auto* dialog = new NewSweepDialog(workspace_, dataPath_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!specFile.isEmpty())
        dialog->openSpecFile(specFile);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { enqueueSweep(dialog); });
    dialog->open();
    return dialog;
}

void MainWindow::enqueueSweep(NewSweepDialog* dialog)
{
    try {
        const nlohmann::json spec = dialog->spec();
        SweepJobs sweep = prepareSweepJobs(spec, dialog->specDir(), workspace_, dataPath_);
        int alreadyQueued = 0;
        QList<TrainingJob> jobs;
        for (const TrainingJob& job : sweep.jobs) {
            // Queued again while its runs still wait here: those jobs go on as they are.
            if (controller_->isRunDirActive(job.runDir))
                ++alreadyQueued;
            else
                jobs.append(job);
        }
        const int queued = int(controller_->enqueuePreparedPlan(sweep.planId, jobs).size());
        // Kept to be opened again: Run → Resume Sweep queues what is left of it. The runs are
        // queued whether or not this can be written (their folders exist already).
        if (dialog->specDir() == workspace_) {
            const QString specFile = sweepSpecFile(workspace_, sweep.name);
            try {
                QDir().mkpath(QFileInfo(specFile).absolutePath());
                flipbench::writeTextAtomically(specFile.toStdString(), spec.dump(2) + "\n");
            } catch (const std::exception& e) {
                showMessage(tr("The sweep is queued, but its spec could not be kept for Resume Sweep: %1")
                                .arg(QString::fromUtf8(e.what())),
                            true);
            }
        }
        trainingStatus_->addSweep(sweep.planId, sweep.runs);
        if (!dialog->queueOnly())
            controller_->setPaused(false);
        QString text = tr("Sweep %1: %2 of its %3 runs queued").arg(sweep.name).arg(queued).arg(sweep.runs);
        if (sweep.completedBefore > 0)
            text += tr(", %1 completed before").arg(sweep.completedBefore);
        if (alreadyQueued > 0)
            text += tr(", %1 already in the queue").arg(alreadyQueued);
        text += QLatin1Char('.');
        if (!sweep.notes.isEmpty())
            showMessage(text + QLatin1Char(' ') + tr("Not queued: %1").arg(sweep.notes.join(QStringLiteral("; "))),
                        true);
        else
            statusBar()->showMessage(text, 10000);
    } catch (const std::exception& e) {
        showMessage(tr("Could not queue the sweep: %1").arg(QString::fromUtf8(e.what())), true);
    }
    reloadRuns();
}

void MainWindow::duplicateRun(const QString& runDir)
{
    try {
        flipbench::RunConfig config =
            flipbench::parseRunConfig(flipbench::RunFolder::open(runDir.toStdString()).readJson("config.json"));
        config.name += "-copy";
        auto* dialog = newRun();
        dialog->loadConfig(config);
    } catch (const std::exception& e) {
        showMessage(tr("Cannot duplicate %1: %2").arg(QFileInfo(runDir).fileName(), QString::fromUtf8(e.what())), true);
    }
}

void MainWindow::compareRuns(const QString& runA, const QString& runB)
{
    compareView_->compare(runA, runB); // first: the page then opens on this pair, not on the selection
    modes_->setCurrentWidget(compareView_);
}

void MainWindow::compareAllRuns()
{
    modes_->setCurrentWidget(compareView_);
    compareView_->showAllRuns();
}

void MainWindow::compareSeedGroups()
{
    modes_->setCurrentWidget(compareView_);
    compareView_->showSeedGroups();
}

void MainWindow::exportReport()
{
    QStringList completed;
    for (const RunRow& row : readWorkspaceRows(workspace_))
        if (row.state == flipbench::RunState::Completed)
            completed << row.dir;
    QStringList checked = runsPanel_->selectedRunDirs();
    if (checked.size() < 2 && compareView_->comparison())
        checked = {compareView_->comparison()->pathA, compareView_->comparison()->pathB};
    auto* dialog = new ReportDialog(workspace_, completed, checked, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->show();
}

} // namespace flipbench::ui
