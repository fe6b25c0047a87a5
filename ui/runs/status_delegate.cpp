#include "ui/runs/status_delegate.h"

#include "ui/runs/run_table_model.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace flipbench::ui {

void StatusDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (index.data(RunTableModel::StateRole).toInt() != static_cast<int>(flipbench::RunState::Running)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The selection background first, so a selected running row still looks selected.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, background.widget);

    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 3, -2, -3);
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = qBound(0, qRound(index.data(RunTableModel::ProgressRole).toDouble() * 1000), 1000);
    // Elided, never wrapped: a wrapped line runs out of the bar.
    bar.fontMetrics = option.fontMetrics;
    bar.text =
        option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, bar.rect.width() - 6);
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.state = option.state | QStyle::State_Horizontal;
    bar.palette = option.palette;
    QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

} // namespace flipbench::ui
