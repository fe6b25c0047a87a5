#pragma once

#include <QStyledItemDelegate>

namespace flipbench::ui {

/// Draws the Status column of a running run as a progress bar with its text ("epoch 3/10 · 1:20
/// left"); other states as plain coloured text.
class StatusDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace flipbench::ui
