#include "ui/rotated_header_view.h"

#include <QPainter>
#include <QStyleOptionHeader>

namespace flipbench::ui {

namespace {

constexpr int kMargin = 4; ///< pixels around a label, along and across it

} // namespace

RotatedHeaderView::RotatedHeaderView(QWidget* parent) : QHeaderView(Qt::Horizontal, parent)
{
    setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter); // the label starts at the bottom edge
}

void RotatedHeaderView::paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const
{
    if (!rect.isValid())
        return;
    // The section's frame and background as the style draws them, without the text...
    QStyleOptionHeader option;
    initStyleOptionForIndex(&option, logicalIndex);
    option.rect = rect;
    const QString text = option.text;
    option.text.clear();
    option.icon = QIcon();
    style()->drawControl(QStyle::CE_Header, &option, painter, this);

    // ...then the text turned a quarter left: x runs up the section, y across it.
    painter->save();
    painter->translate(rect.left(), rect.bottom() + 1);
    painter->rotate(-90);
    painter->setPen(option.palette.color(QPalette::ButtonText));
    const QRect turned(kMargin, 0, rect.height() - 2 * kMargin, rect.width());
    painter->drawText(turned, Qt::AlignLeft | Qt::AlignVCenter,
                      fontMetrics().elidedText(text, Qt::ElideRight, turned.width()));
    painter->restore();
}

QSize RotatedHeaderView::sectionSizeFromContents(int logicalIndex) const
{
    const QString text =
        model() ? model()->headerData(logicalIndex, orientation(), Qt::DisplayRole).toString() : QString();
    const QFontMetrics metrics = fontMetrics();
    return {metrics.height() + 2 * kMargin, metrics.horizontalAdvance(text) + 2 * kMargin + 2};
}

} // namespace flipbench::ui
