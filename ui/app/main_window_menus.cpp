// MainWindow: menus, toolbar and the file dialogs behind them (workspace, data folder, export).

#include "ui/app/main_window.h"

#include "ui/app/app_settings.h"
#include "ui/curves/curves_panel.h"
#include "ui/runs/run_folder_actions.h"
#include "ui/runs/run_row.h"
#include "ui/runs/runs_panel.h"
#include "ui/app/welcome_panel.h"

#include <QDockWidget>
#include <QDir>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

namespace flipbench::ui {

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
