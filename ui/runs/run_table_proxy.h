#pragma once

#include <QSortFilterProxyModel>

namespace flipbench::ui {

class RunTableModel;

/// The run table as shown: filtered by the filter box and sorted by the clicked column, with each
/// group of seeds kept together (its row first, its runs under it, in either order) and the runs
/// of a collapsed group hidden. A group is shown when it or one of its runs matches the filter; a
/// run of a group when it or its group matches.
class RunTableProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunTableProxy(RunTableModel* model, QObject* parent = nullptr);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    /// The row a row sorts with: its group's for a run of a group, its own otherwise.
    int anchorOf(int sourceRow) const;

    RunTableModel* model_;
};

} // namespace flipbench::ui
