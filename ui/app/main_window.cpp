#include "ui/app/main_window.h"

#include "ui/app/app_settings.h"
#include "ui/app/message_bar.h"
#include "ui/compare/compare_view.h"
#include "ui/curves/curve_store.h"
#include "ui/curves/curves_panel.h"
#include "ui/new_run/new_run_dialog.h"
#include "ui/training/plan_eta.h"
#include "ui/training/queue_panel.h"
#include "ui/runs/run_details_panel.h"
#include "ui/runs/run_folder_actions.h"
#include "ui/runs/run_groups_updater.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_panel.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_job.h"
#include "ui/training/training_status_labels.h"
#include "ui/app/welcome_panel.h"
#include "ui/widgets/number_format.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileSystemWatcher>
#include <QFrame>
#include <QHBoxLayout>
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
    // A run the CLI trains in this workspace writes its status every epoch inside its folder.
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

} // namespace flipbench::ui
