#pragma once

#include "ui/training/progress_types.h"
#include "ui/runs/run_row.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace flipbench::ui {

/// The run table: every run of the workspace plus the jobs waiting in the queue. Refreshes keep
/// rows in place (matched by folder or job), so selections survive; live progress updates one
/// row without touching the others.
///
/// Completed runs that differ only in their seed form a group: a row of its own above its runs,
/// with each rate as mean ± sd over the seeds (the count and 95% interval in the tooltip), which
/// collapses to that one row and expands to its seeds (RunTableProxy hides collapsed runs).
/// Grouped by plan instead, the runs queued together (a preset, a sweep) head a row of their plan,
/// whatever their state, which says how far the plan has got.
class RunTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    /// What the table groups runs by.
    enum class Grouping { Seeds, Plans, None };

    enum Column { Name, Tags, Method, Reference, Model, Status, Device, Accuracy, Nfr, Pfr, Duration, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< raw value for sorting
        RunDirRole,
        JobIdRole,
        StateRole,    ///< the row's flipbench::RunState, as an int
        ProgressRole, ///< 0..1
        /// What the filter box searches: each column's text, and the note with the tags (the
        /// note is shown only as a tooltip, but finding a run by what was written about it is
        /// the point of writing it).
        FilterRole,
    };

    explicit RunTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// Replaces the runs, updating rows that are still there instead of resetting.
    void setRows(const QVector<RunRow>& rows);
    /// The groups of the workspace's completed runs (measureRunGroups, off the GUI thread): groups
    /// of two or more of the runs present get a row; a run on its own gets its intervals.
    void setGroups(const RunGroupsSnapshot& snapshot);
    const RunGroupsSnapshot& groups() const { return groups_; }
    Grouping grouping() const { return grouping_; }
    void setGrouping(Grouping grouping);
    bool isCollapsed(const QString& groupKey) const { return collapsed_.contains(groupKey); }
    void setCollapsed(const QString& groupKey, bool collapsed);
    void setAllCollapsed(bool collapsed);
    /// The row of a key (RunRow::key()), -1 when there is none.
    int rowOfKey(const QString& key) const { return rowOfKey_.value(key, -1); }
    /// Applies a live progress report to the row of its run (by folder).
    void applyProgress(const RunProgress& progress);
    /// Marks a row as belonging to a running job (so cancel knows what to cancel).
    void setJobForDir(const QString& runDir, int jobId);

    const RunRow* rowAt(int row) const;
    const QVector<RunRow>& rows() const { return rows_; }
    int rowOfDir(const QString& runDir) const;

Q_SIGNALS:
    /// A group was collapsed or expanded, or the groups changed: which rows are shown changes.
    void collapsedChanged();

private:
    /// The shown rows: the runs in workspace order, each group's row before its runs (together
    /// where the group's first run is).
    QVector<RunRow> arrangedRows() const;
    /// Moves the shown rows to `rows` in place (see setRows).
    void replaceRows(const QVector<RunRow>& rows);
    QString statusText(const RunRow& row) const;
    QVariant displayValue(const RunRow& row, int column) const;
    QVariant sortValue(const RunRow& row, int column) const;
    /// A group's rates with their count and interval, or a run's own intervals.
    QString figuresToolTip(const RunRow& row, int column) const;
    void reindex();
    /// Emits collapsedChanged when the groups or their runs are not those of the last call.
    void emitIfRegrouped();

    QVector<RunRow> runs_; ///< as setRows gave them (live progress applied)
    RunGroupsSnapshot groups_;
    QVector<std::shared_ptr<const RunGroupFigures>> figures_; ///< groups_.groups, shared by the rows
    QSet<QString> collapsed_;
    Grouping grouping_ = Grouping::Seeds;
    QVector<RunRow> rows_; ///< what the table shows: runs_ with the group rows
    QHash<QString, int> rowOfKey_;
    QStringList arrangement_; ///< the grouped rows' keys and their groups, as last announced
};

/// "1:05:09", "4:07" or "0:42".
QString formatDuration(double seconds);

} // namespace flipbench::ui
