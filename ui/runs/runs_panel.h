#pragma once

#include "ui/runs/run_table_model.h"

#include <flipbench/runs/run_state.h>

#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QTableView;

namespace flipbench::ui {

class RunTableProxy;
struct RunRow;

/// The run table with its filter box and context menu. It only reports what the user asked for;
/// the main window decides (and asks for confirmation where needed).
class RunsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(RunTableModel* model, QWidget* parent = nullptr);

    /// Folders of the selected runs, in table order (queued jobs have none; a group's row stands
    /// for its runs).
    QStringList selectedRunDirs() const;
    /// Job ids of selected rows that are queued or running in this window.
    QList<int> selectedJobIds() const;
    QList<const RunRow*> selectedRows() const;
    /// The runs the selection stands for: a group's row for its runs (each once), in table order.
    QList<const RunRow*> selectedRuns() const;
    /// Folders of the selected runs that can be resumed (canResume), a group's included.
    QStringList selectedResumableDirs() const;
    /// Groups the table by seeds, plans or not at all, as the "Group" box shows.
    void setGrouping(RunTableModel::Grouping grouping);
    void selectRunDir(const QString& runDir);
    /// Adds a run to the selection (the window follows new runs of a plan until the user picks).
    void addRunDirToSelection(const QString& runDir);
    QTableView* view() const { return view_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void selectionChanged();
    /// The user clicked or pressed a key in the table (as opposed to the window selecting a run).
    void userInteracted();
    void openRequested(const QString& runDir);
    void duplicateRequested(const QString& runDir);
    void resumeRequested(const QStringList& runDirs);
    void cancelRequested(const QList<int>& jobIds);
    void deleteRequested(const QStringList& runDirs);
    void showFolderRequested(const QString& runDir);
    /// Two runs selected: A (old) is the one higher in the table, B (new) the other.
    void compareRequested(const QString& runA, const QString& runB);
    /// Two runs selected: their config.json settings that differ, the upper run as A.
    void configDiffRequested(const QString& runA, const QString& runB);
    /// One run selected: edit the tags and note kept in its folder.
    void editNotesRequested(const QString& runDir);
    /// A plan's row: its summary against the plan's own baseline, as when it finished.
    void planSummaryRequested(const QStringList& runDirs);
    /// The user chose what the table groups by (to be remembered).
    void groupingChosen(flipbench::ui::RunTableModel::Grouping grouping);

private:
    void showContextMenu(const QPoint& pos);
    /// Collapses or expands the group of seeds at `index` (a view index); nothing for a run.
    void toggleGroup(const QModelIndex& index);
    /// The noise floor of retraining above the table, once groups of baseline seeds measure it.
    void updateNoiseFloor();
    /// Widths from the font: what each column's header and typical content need (preferred_) and
    /// how narrow the free-text columns may get (minimum_).
    void measureColumns();
    /// Fits the columns into the viewport: the numbers keep their width, name, reference, model and
    /// status give up room down to their minimum, and spare room goes to the name. Stops once the
    /// user resizes a column.
    void fitColumns();
    /// Shows the Tags column while some run has tags or a note.
    void updateTagsColumn();

    RunTableModel* model_;
    RunTableProxy* proxy_;
    QTableView* view_;
    QLineEdit* filter_;
    QComboBox* grouping_;
    QLabel* noiseFloor_;
    QVector<int> preferred_, minimum_;
    bool fittingColumns_ = false;
    bool columnsSizedByUser_ = false;
    bool ignoreNextRelease_ = false; ///< the release that ends a double-click on a triangle
};

/// Whether a run in this state can be resumed from its last checkpoint.
bool canResume(flipbench::RunState state);
/// Whether Resume is offered for a row: a run folder in a resumable state, readable, and not
/// already queued or running in this window.
bool canResume(const RunRow& row);

} // namespace flipbench::ui
