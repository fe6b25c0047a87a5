#include "ui/app/main_window.h"

#include "ui/app/app_settings.h"
#include "ui/app/background_tasks.h"
#include "ui/app/message_bar.h"
#include "ui/app/welcome_panel.h"
#include "ui/compare/compare_view.h"
#include "ui/curves/curve_store.h"
#include "ui/curves/curves_panel.h"
#include "ui/new_run/new_run_dialog.h"
#include "ui/new_sweep/new_sweep_dialog.h"
#include "ui/new_sweep/sweep_jobs.h"
#include "ui/report/report_dialog.h"
#include "ui/runs/run_details_panel.h"
#include "ui/runs/run_folder_actions.h"
#include "ui/runs/run_groups_updater.h"
#include "ui/runs/run_row.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_panel.h"
#include "ui/training/plan_eta.h"
#include "ui/training/plan_summary_dialog.h"
#include "ui/training/queue_panel.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_job.h"
#include "ui/training/training_status_labels.h"
#include "ui/widgets/number_format.h"

#include <flipbench/config/presets.h>
#include <flipbench/config/run_config.h>
#include <flipbench/runs/run_store.h>
#include <flipbench/util/atomic_file.h>
#include <flipbench/util/errors.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFrame>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

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

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), controller_(new TrainingController(this)), curveStore_(new CurveStore(this)),
      tableModel_(new RunTableModel(this)), groupsUpdater_(new RunGroupsUpdater(this)),
      watcher_(new QFileSystemWatcher(this)), reloadTimer_(new QTimer(this)), elsewhereTimer_(new QTimer(this))
{
    setWindowTitle(tr("Flipbench"));
    setObjectName(QStringLiteral("mainWindow"));
    buildLayout();
    buildMenus();

    // Run folders appear and vanish (this window, the CLI, a file manager): reload shortly after.
    reloadTimer_->setSingleShot(true);
    reloadTimer_->setInterval(300);
    connect(reloadTimer_, &QTimer::timeout, this, &MainWindow::reloadRuns);
    connect(watcher_, &QFileSystemWatcher::directoryChanged, reloadTimer_, qOverload<>(&QTimer::start));
    // Runs trained by other processes and machines (the CLI, a cluster's tasks) change files the
    // watcher does not see: polled.
    elsewhereTimer_->setInterval(3000);
    connect(elsewhereTimer_, &QTimer::timeout, this, &MainWindow::reloadIfTrainedElsewhere);
    elsewhereTimer_->start();

    connect(groupsUpdater_, &RunGroupsUpdater::measured, tableModel_, &RunTableModel::setGroups);
    connect(controller_, &TrainingController::progress, this, &MainWindow::onProgress);
    connect(controller_, &TrainingController::jobStarted, this, &MainWindow::onJobStarted);
    connect(controller_, &TrainingController::jobFinished, this, &MainWindow::onJobFinished);
    connect(controller_, &TrainingController::planFinished, this, &MainWindow::onPlanFinished);
    connect(controller_, &TrainingController::queueChanged, this, &MainWindow::reloadRuns);
    connect(controller_, &TrainingController::idle, this, [this] {
        if (closeWhenIdle_)
            close();
    });

    dataPath_ = AppSettings::dataPath();
    const QSettings settings;
    resize(1280, 820);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    runActions_ = new RunFolderActions(this, controller_, curveStore_);
    connect(runActions_, &RunFolderActions::message, this, &MainWindow::showMessage);
    connect(runActions_, &RunFolderActions::runsChanged, this, &MainWindow::reloadRuns);
    runsPanel_ = new RunsPanel(tableModel_, this);
    curvesPanel_ = new CurvesPanel(curveStore_, this);
    details_ = new RunDetailsPanel(this);
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    tabs_->addTab(curvesPanel_, tr("Curves"));
    tabs_->addTab(details_, tr("Details"));

    messageBar_ = new MessageBar(this);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("workbenchSplitter"));
    splitter->addWidget(runsPanel_);
    splitter->addWidget(tabs_);
    // A third of the height for the table (about eight rows at 800 pixels, seven at 768), the rest
    // for the curves; both keep their share when the window is resized.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({230, 470});
    compareView_ = new CompareView(this);
    modes_ = new QTabWidget(this);
    modes_->setObjectName(QStringLiteral("modeTabs"));
    modes_->addTab(splitter, tr("Training"));
    modes_->addTab(compareView_, tr("Compare"));
    // Runs finish while the Compare page is hidden: list them when it is shown. A page with
    // nothing chosen yet opens on the selected runs (a run and its reference, or the first two)
    // rather than with A and B empty.
    connect(modes_, &QTabWidget::currentChanged, this, [this] {
        if (modes_->currentWidget() == compareView_) {
            compareView_->refreshRuns();
            if (!compareView_->hasChosenModels()) {
                const auto [a, b] = comparisonPairFor(runsPanel_->selectedRows(), tableModel_->rows());
                compareView_->compare(a, b); // nothing when the selection gives no pair
            }
        }
        updateWelcomeVisibility();
    });
    auto* workbench = new QWidget(this);
    auto* layout = new QVBoxLayout(workbench);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(messageBar_);
    layout->addWidget(modes_, 1);

    welcome_ = new WelcomePanel(this);
    stack_ = new QStackedWidget(this);
    stack_->addWidget(welcome_);
    stack_->addWidget(workbench);
    setCentralWidget(stack_);

    queuePanel_ = new QueuePanel(controller_, this);
    queueDock_ = new QDockWidget(tr("Queue"), this);
    queueDock_->setObjectName(QStringLiteral("queueDock"));
    queueDock_->setWidget(queuePanel_);
    addDockWidget(Qt::RightDockWidgetArea, queueDock_);
    resizeDocks({queueDock_}, {QueuePanel::kPreferredWidth}, Qt::Horizontal);
    connect(queueDock_->toggleViewAction(), &QAction::triggered, this,
            [this](bool checked) { queueHiddenByUser_ = !checked; });

    workspaceLabel_ = new QLabel(this);
    workspaceLabel_->setObjectName(QStringLiteral("workspaceStatusLabel"));
    // Long paths are cut at the right (the tooltip has them whole) instead of widening the window.
    workspaceLabel_->setMinimumWidth(1);
    statusBar()->addWidget(workspaceLabel_, 1);
    trainingStatus_ = new TrainingStatusLabels(controller_, statusBar());

    connect(runsPanel_, &RunsPanel::selectionChanged, this, &MainWindow::onSelectionChanged);
    connect(runsPanel_, &RunsPanel::userInteracted, this, [this] { followNewRuns_ = false; });
    connect(runsPanel_, &RunsPanel::openRequested, this, [this](const QString& dir) {
        runsPanel_->selectRunDir(dir);
        tabs_->setCurrentWidget(details_);
    });
    connect(runsPanel_, &RunsPanel::duplicateRequested, this, &MainWindow::duplicateRun);
    connect(runsPanel_, &RunsPanel::resumeRequested, runActions_, &RunFolderActions::resume);
    connect(runsPanel_, &RunsPanel::cancelRequested, runActions_, &RunFolderActions::cancel);
    connect(runsPanel_, &RunsPanel::deleteRequested, runActions_, &RunFolderActions::remove);
    connect(runsPanel_, &RunsPanel::showFolderRequested, runActions_, &RunFolderActions::showFolder);
    connect(runsPanel_, &RunsPanel::compareRequested, this, &MainWindow::compareRuns);
    connect(runsPanel_, &RunsPanel::configDiffRequested, runActions_, &RunFolderActions::compareConfigurations);
    connect(runsPanel_, &RunsPanel::editNotesRequested, runActions_, &RunFolderActions::editNotes);
    connect(runsPanel_, &RunsPanel::planSummaryRequested, this,
            [this](const QStringList& runDirs) { showPlanSummary(runDirs, false); });
    connect(runsPanel_, &RunsPanel::groupingChosen, this, [](RunTableModel::Grouping grouping) {
        AppSettings::setRunGrouping(grouping == RunTableModel::Grouping::Plans  ? QStringLiteral("plans")
                                    : grouping == RunTableModel::Grouping::None ? QStringLiteral("none")
                                                                                : QStringLiteral("seeds"));
    });
    const QString grouping = AppSettings::runGrouping();
    runsPanel_->setGrouping(grouping == QLatin1String("plans")  ? RunTableModel::Grouping::Plans
                            : grouping == QLatin1String("none") ? RunTableModel::Grouping::None
                                                                : RunTableModel::Grouping::Seeds);
    connect(details_, &RunDetailsPanel::resumeRequested, this,
            [this](const QString& dir) { runActions_->resume({dir}); });
    connect(details_, &RunDetailsPanel::showFolderRequested, runActions_, &RunFolderActions::showFolder);
    connect(welcome_, &WelcomePanel::demoRequested, this, &MainWindow::startWithDemoData);
    connect(welcome_, &WelcomePanel::changeWorkspaceRequested, this, [this] { chooseWorkspace(false); });
    connect(welcome_, &WelcomePanel::dataFolderAccepted, this, [this](const QString& dir, const QString& summary) {
        setDataPath(dir);
        statusBar()->showMessage(tr("Data set: %1").arg(summary), 8000);
        newRun();
    });
}

bool MainWindow::openWorkspace(const QString& dir)
{
    const QString absolute = QDir(dir).absolutePath();
    if (!QDir().mkpath(absolute) || !QFileInfo(absolute).isWritable()) {
        QMessageBox::warning(this, tr("Workspace"),
                             tr("Cannot use %1 as a workspace: the folder cannot be created or is not writable. "
                                "Choose another folder.")
                                 .arg(absolute));
        return false;
    }
    if (!watcher_->directories().isEmpty())
        watcher_->removePaths(watcher_->directories());
    watcher_->addPath(absolute);
    // An error about the previous workspace's runs would read as one about this workspace.
    if (absolute != workspace_)
        clearMessage();
    workspace_ = absolute;
    runActions_->setWorkspace(absolute);
    AppSettings::setWorkspace(absolute);
    curveStore_->clear();
    welcome_->setWorkspace(absolute);
    compareView_->setWorkspace(absolute);
    setWindowTitle(tr("%1 — Flipbench").arg(QFileInfo(absolute).fileName()));
    // Runs queued in an earlier session have their folders: queue them again (paused, when
    // nothing else runs, so that opening a workspace does not start training by itself).
    if (const int restored = controller_->restoreQueuedRuns(absolute))
        statusBar()->showMessage(controller_->isPaused()
                                     ? tr("Waiting from an earlier session: %1. Resume the queue to start them.")
                                           .arg(countOf(restored, tr("queued run"), tr("queued runs")))
                                     : tr("Back in the queue from an earlier session: %1.")
                                           .arg(countOf(restored, tr("queued run"), tr("queued runs"))),
                                 15000);
    reloadRuns();
    updateWelcomeVisibility();
    return true;
}

void MainWindow::setDataPath(const QString& dir)
{
    dataPath_ = dir;
    AppSettings::setDataPath(dir);
    updateWelcomeVisibility();
}

bool MainWindow::isShowingWelcome() const
{
    return stack_->currentWidget() == welcome_;
}

QString MainWindow::messageBarText() const
{
    return messageBar_->text();
}

void MainWindow::clearMessage()
{
    messageBar_->clear();
}

void MainWindow::updateWelcomeVisibility()
{
    // The welcome page is for a first start: no data set yet and nothing in the workspace.
    const bool welcome = dataPath_.isEmpty() && tableModel_->rowCount() == 0;
    stack_->setCurrentIndex(welcome ? 0 : 1);
    // The queue means nothing before the first run; afterwards it shows with the training page
    // (the Compare page needs the width for the class heatmap, gallery and sample side by side)
    // unless the user closed it.
    const bool training = !modes_ || modes_->currentIndex() == 0;
    queueDock_->setVisible(!welcome && training && !queueHiddenByUser_);
}

void MainWindow::updateStatusBar()
{
    workspaceLabel_->setText(
        tr("Workspace: %1   ·   Data: %2").arg(workspace_, dataPath_.isEmpty() ? tr("none chosen") : dataPath_));
    workspaceLabel_->setToolTip(workspaceLabel_->text());
    trainingStatus_->update();
}

void MainWindow::showMessage(const QString& text, bool error)
{
    messageBar_->showMessage(text, error);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Waiting runs need no question: their folders keep them queued for the next session.
    if (controller_->isBusy()) {
        if (!closeWhenIdle_) {
            QString question = tr("Still running: %1. Cancel and quit? Each stops after its current batch; the "
                                  "last finished epoch stays resumable.")
                                   .arg(countOf(controller_->runningJobs().size(), tr("training"), tr("trainings")));
            int waiting = 0;
            for (const TrainingJob& job : controller_->queuedJobs())
                waiting += job.kind == TrainingJob::Kind::NewRun ? 1 : 0;
            if (waiting > 0)
                question += QLatin1Char(' ') + tr("Not started yet, so they stay queued: %1, waiting for you when "
                                                  "this workspace is opened again.")
                                                   .arg(countOf(waiting, tr("queued run"), tr("queued runs")));
            const auto answer = QMessageBox::question(this, tr("Training in progress"), question,
                                                      QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
            closeWhenIdle_ = true;
            controller_->setPaused(true); // nothing else may start while the running ones stop
            controller_->cancelRunning();
            statusBar()->showMessage(tr("Stopping training…"));
        }
        // Close for real once the workers have stopped (TrainingController::idle).
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

// Runs: reading the workspace, following training, queueing plans and sweeps.

void MainWindow::reloadRuns()
{
    if (workspace_.isEmpty())
        return;
    workspaceSignature_ = workspaceSignature(workspace_); // before reading: a change meanwhile is seen next poll
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
    // The folder watcher sees this machine's changes to the workspace folder only: a network file
    // system delivers no events for what other machines write, and no watcher sees a status.json
    // rewritten inside a run folder. So every few seconds the workspace's signature (its run folders
    // and their status and metrics files' times and sizes) is compared with the last reading.
    // A run another process trains is read every time as well: its process may have died without a
    // word (this host's reads as interrupted then), or its heartbeat may have grown stale; a stale
    // one has nothing more to tell until its files change.
    if (workspace_.isEmpty())
        return false;
    const QVector<RunRow>& rows = tableModel_->rows();
    const bool trainedElsewhere = std::any_of(rows.begin(), rows.end(), [](const RunRow& row) {
        return !row.isGroup && !row.dir.isEmpty() && row.jobId == 0 && row.state == flipbench::RunState::Running &&
               !row.stale;
    });
    if (!trainedElsewhere && workspaceSignature(workspace_) == workspaceSignature_)
        return false;
    reloadRuns();
    return true;
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

// Menus, toolbar and the file dialogs behind them (workspace, data folder, export).

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Workspace…"), this, [this] { chooseWorkspace(true); });
    file->addAction(tr("&Open Workspace…"), QKeySequence::Open, this, [this] { chooseWorkspace(false); });
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addSeparator();
    file->addAction(tr("Choose &Data Folder (CIFAR-10 or Images)…"), this, &MainWindow::chooseDataFolder);
    file->addAction(tr("Create &Demo Data"), this, &MainWindow::startWithDemoData);
    file->addSeparator();
    file->addAction(tr("&Export Curves…"), this, &MainWindow::exportCurves);
    file->addAction(tr("Export &Report…"), this, &MainWindow::exportReport);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* newRunAction = run->addAction(tr("&New Run…"), QKeySequence::New, this, [this] { newRun(); });
    run->addAction(tr("New &Sweep…"), this, [this] { newSweep(); })
        ->setToolTip(tr("A grid of settings over several seeds, queued as one plan."));
    run->addAction(tr("Resume S&weep…"), this, [this] {
        const QString specs = workspace_ + QStringLiteral("/sweeps/specs");
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Resume Sweep"), QDir(specs).exists() ? specs : workspace_, tr("Sweep specs (*.json)"));
        if (!file.isEmpty())
            newSweep(file);
    });
    QAction* resume = resumeAction_ =
        run->addAction(tr("&Resume"), this, [this] { runActions_->resume(runsPanel_->selectedResumableDirs()); });
    QAction* cancel = cancelAction_ =
        run->addAction(tr("&Cancel"), this, [this] { runActions_->cancel(runsPanel_->selectedJobIds()); });
    run->addAction(tr("&Duplicate as New Run…"), this, [this] {
        const QStringList dirs = runsPanel_->selectedRunDirs();
        if (dirs.size() == 1)
            duplicateRun(dirs.first());
    });
    run->addAction(tr("De&lete…"), QKeySequence::Delete, this,
                   [this] { runActions_->remove(runsPanel_->selectedRunDirs()); });
    run->addSeparator();
    run->addAction(tr("Re&fresh"), QKeySequence::Refresh, this, &MainWindow::reloadRuns);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(queueDock_->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Flipbench"), this, [this] {
        QMessageBox::about(this, tr("About Flipbench"),
                           tr("<h3>Flipbench %1</h3><p>A workbench for regression-free model updates: train new "
                              "models against old ones (Focal Distillation, Logit Difference Inhibition) and "
                              "see which samples they break.</p>")
                               .arg(QStringLiteral(FLIPBENCH_VERSION)));
    });

    auto* toolbar = addToolBar(tr("Runs"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    newRunAction->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    resume->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    cancel->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    toolbar->addAction(newRunAction);
    toolbar->addAction(resume);
    toolbar->addAction(cancel);
}

void MainWindow::chooseWorkspace(bool create)
{
    const QString dir = create ? QFileDialog::getSaveFileName(this, tr("New Workspace Folder"), workspace_)
                               : QFileDialog::getExistingDirectory(this, tr("Open Workspace"), workspace_);
    if (!dir.isEmpty())
        openWorkspace(dir);
}

void MainWindow::chooseDataFolder()
{
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("CIFAR-10 Binary Folder or Image Folder"), dataPath_);
    if (dir.isEmpty())
        return;
    try {
        const QString summary = describeDataFolder(dir);
        setDataPath(dir);
        statusBar()->showMessage(tr("Data set: %1").arg(summary), 8000);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Not a data folder"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    for (const QString& dir : AppSettings::recentWorkspaces())
        recentMenu_->addAction(dir, this, [this, dir] { openWorkspace(dir); });
    if (recentMenu_->isEmpty())
        recentMenu_->addAction(tr("No recent workspaces"))->setEnabled(false);
    else {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear List"), this, [] { AppSettings::clearRecentWorkspaces(); });
    }
}

void MainWindow::exportCurves()
{
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export Curves"), workspace_ + QStringLiteral("/curves.pdf"),
                                     tr("PDF (vector) (*.pdf);;PNG image (*.png)"));
    if (!file.isEmpty() && !curvesPanel_->exportPlots(file))
        showMessage(tr("Could not export the curves: %1").arg(curvesPanel_->lastExportError()), true);
}

} // namespace flipbench::ui
