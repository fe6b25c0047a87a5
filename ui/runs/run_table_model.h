#pragma once

#include "ui/training/progress_types.h"
#include "ui/runs/run_row.h"

#include <QAbstractTableModel>

namespace flipbench::ui {

/// The run table: every run of the workspace plus the jobs waiting in the queue. Refreshes keep
/// rows in place (matched by folder or job), so selections survive; live progress updates one
/// row without touching the others.
class RunTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
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

    /// Replaces the content, updating rows that are still there instead of resetting.
    void setRows(const QVector<RunRow>& rows);
    /// Applies a live progress report to the row of its run (by folder).
    void applyProgress(const RunProgress& progress);
    /// Marks a row as belonging to a running job (so cancel knows what to cancel).
    void setJobForDir(const QString& runDir, int jobId);

    const RunRow* rowAt(int row) const;
    const QVector<RunRow>& rows() const { return rows_; }
    int rowOfDir(const QString& runDir) const;

private:
    QString statusText(const RunRow& row) const;
    QVariant displayValue(const RunRow& row, int column) const;
    QVariant sortValue(const RunRow& row, int column) const;

    QVector<RunRow> rows_;
};

/// "1:05:09", "4:07" or "0:42".
QString formatDuration(double seconds);

} // namespace flipbench::ui
