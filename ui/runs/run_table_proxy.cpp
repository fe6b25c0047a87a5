#include "ui/runs/run_table_proxy.h"

#include "ui/runs/run_table_model.h"

namespace flipbench::ui {

RunTableProxy::RunTableProxy(RunTableModel* model, QObject* parent) : QSortFilterProxyModel(parent), model_(model)
{
    setSourceModel(model);
    connect(model, &RunTableModel::collapsedChanged, this, &RunTableProxy::invalidate);
}

bool RunTableProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const RunRow* row = model_->rowAt(sourceRow);
    if (!row)
        return false;
    const auto matches = [&](int r) { return QSortFilterProxyModel::filterAcceptsRow(r, sourceParent); };
    if (row->isGroup) {
        if (matches(sourceRow))
            return true;
        for (const QString& dir : row->figures->runDirs)
            if (const int member = model_->rowOfDir(dir); member >= 0 && matches(member))
                return true;
        return false;
    }
    if (row->groupKey.isEmpty())
        return matches(sourceRow);
    if (model_->isCollapsed(row->groupKey))
        return false;
    const int group = model_->rowOfKey(row->groupKey);
    return matches(sourceRow) || (group >= 0 && matches(group));
}

int RunTableProxy::anchorOf(int sourceRow) const
{
    const RunRow* row = model_->rowAt(sourceRow);
    if (!row || row->groupKey.isEmpty())
        return sourceRow;
    const int group = model_->rowOfKey(row->groupKey);
    return group >= 0 ? group : sourceRow;
}

bool RunTableProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const int leftAnchor = anchorOf(left.row()), rightAnchor = anchorOf(right.row());
    if (leftAnchor != rightAnchor) {
        const QModelIndex a = model_->index(leftAnchor, left.column());
        const QModelIndex b = model_->index(rightAnchor, right.column());
        if (QSortFilterProxyModel::lessThan(a, b))
            return true;
        if (QSortFilterProxyModel::lessThan(b, a))
            return false;
        return leftAnchor < rightAnchor; // equal values: two groups still do not interleave
    }
    // Within a group its row comes first. A descending sort asks lessThan(right, left), so there
    // the group row has to be the "greater" one.
    const bool leftIsGroup = left.row() == leftAnchor, rightIsGroup = right.row() == rightAnchor;
    if (leftIsGroup != rightIsGroup)
        return sortOrder() == Qt::AscendingOrder ? leftIsGroup : rightIsGroup;
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace flipbench::ui
