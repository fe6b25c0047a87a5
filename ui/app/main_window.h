#pragma once

#include "ui/training/progress_types.h"

#include <QHash>
#include <QMainWindow>

class QAction;
class QDockWidget;
class QFileSystemWatcher;
class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QTimer;

namespace flipbench::ui {

class CompareView;
class CurveStore;
class CurvesPanel;
class MessageBar;
class NewRunDialog;
class NewSweepDialog;
class QueuePanel;
class RunDetailsPanel;
class RunFolderActions;
class RunGroupsUpdater;
class RunTableModel;
class RunsPanel;
class TrainingController;
class TrainingStatusLabels;
class WelcomePanel;

/// The workbench window: the run table, live curves, run details and the training queue of one
/// workspace, with a welcome page until a data set is chosen.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens (creating it if needed) a workspace folder and remembers it. False with a message
    /// box when the folder cannot be used.
    bool openWorkspace(const QString& dir);
    QString workspace() const { return workspace_; }
    /// The data folder new runs default to (CIFAR-10 or demo data).
    void setDataPath(const QString& dir);

    /// Opens the New Run dialog (window-modal, not blocking), optionally with a preset loaded.
    NewRunDialog* newRun(const QString& preset = {});
    /// Opens the New Sweep dialog (window-modal, not blocking), on the spec file when one is given.
    NewSweepDialog* newSweep(const QString& specFile = {});
    /// Generates the demo data set in the background (if not there yet), makes it the data folder
    /// and opens the cpu-quick plan in the New Run dialog.
    void startWithDemoData();
    /// Queues every run of a preset plan on the current data folder, without the dialog (used by
    /// `flipbench --start-preset`). False with a message in the window when it cannot.
    bool startPreset(const QString& preset);

    /// Reloads the run table when runs trained by other processes or machines (the CLI, a
    /// cluster's tasks on a shared workspace) have changed it: a run folder came or went, or a
    /// status or metrics file changed. The folder watcher sees neither a status rewritten inside a
    /// run folder nor anything on a network file system, so a timer calls this every few seconds.
    /// Runs that other processes train are read at every call (a dead process or a stale heartbeat
    /// shows in no file). False (nothing read) when nothing changed and no such run trains.
    bool reloadIfTrainedElsewhere();

    TrainingController* controller() const { return controller_; }
    RunTableModel* runTableModel() const { return tableModel_; }
    RunsPanel* runsPanel() const { return runsPanel_; }
    CurvesPanel* curvesPanel() const { return curvesPanel_; }
    CurveStore* curveStore() const { return curveStore_; }
    CompareView* compareView() const { return compareView_; }
    /// Shows the Compare page with A (old) and B (new).
    void compareRuns(const QString& runA, const QString& runB);
    /// Shows the Compare page's "All runs" tab with every completed run compared pairwise.
    void compareAllRuns();
    /// Shows the Compare page's "Seeds" tab: runs grouped over seeds against one old model.
    void compareSeedGroups();
    bool isShowingWelcome() const;
    /// The last error shown in the message bar (for tests and accessibility); empty once dismissed.
    QString messageBarText() const;
    /// Hides the message bar (its close button; a workspace switch, whose errors no longer apply).
    void clearMessage();

public Q_SLOTS:
    void reloadRuns();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildLayout();
    void updateWelcomeVisibility();
    void updateStatusBar();
    void onSelectionChanged();
    void onProgress(const RunProgress& progress);
    void onJobStarted(int jobId, const QString& runDir);
    void onJobFinished(const RunOutcome& outcome);
    /// A plan of several runs has ended: its summary (computed off the GUI thread) in a dialog
    /// beside the window, and its verdict in one line in the message bar.
    void onPlanFinished(const QString& planId, const QStringList& runDirs);
    /// Summarizes a plan's runs off the GUI thread and shows the summary in a dialog (and, when
    /// the plan has just `finished`, its verdict in the message bar).
    void showPlanSummary(const QStringList& runDirs, bool finished);
    void enqueueFromDialog(NewRunDialog* dialog);
    /// Queues the runs of the dialog's sweep that are left to train, as one plan.
    void enqueueSweep(NewSweepDialog* dialog);
    void duplicateRun(const QString& runDir);
    void chooseWorkspace(bool create);
    void chooseDataFolder();
    void exportCurves();
    /// File → Export Report…: the PDF report dialog, with the selected runs (or the Compare pair) ticked.
    void exportReport();
    void showMessage(const QString& text, bool error);
    void rebuildRecentMenu();

    QString workspace_;
    QString dataPath_;
    TrainingController* controller_;
    CurveStore* curveStore_;
    RunTableModel* tableModel_;
    RunGroupsUpdater* groupsUpdater_;
    QStackedWidget* stack_ = nullptr;
    WelcomePanel* welcome_ = nullptr;
    RunsPanel* runsPanel_ = nullptr;
    CurvesPanel* curvesPanel_ = nullptr;
    RunDetailsPanel* details_ = nullptr;
    QueuePanel* queuePanel_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QTabWidget* modes_ = nullptr; ///< Training | Compare
    CompareView* compareView_ = nullptr;
    MessageBar* messageBar_ = nullptr;
    QLabel* workspaceLabel_ = nullptr;
    TrainingStatusLabels* trainingStatus_ = nullptr;
    RunFolderActions* runActions_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QDockWidget* queueDock_ = nullptr;
    bool queueHiddenByUser_ = false;
    QAction* resumeAction_ = nullptr;
    QAction* cancelAction_ = nullptr;
    QFileSystemWatcher* watcher_;
    QTimer* reloadTimer_;
    QTimer* elsewhereTimer_;     ///< polls runs trained by other processes (reloadIfTrainedElsewhere)
    QString workspaceSignature_; ///< the workspace as the last reload read it (workspaceSignature)
    bool closeWhenIdle_ = false;
    /// New runs join the selection (their curves overlay) until the user selects runs themselves.
    bool followNewRuns_ = true;
};

} // namespace flipbench::ui
