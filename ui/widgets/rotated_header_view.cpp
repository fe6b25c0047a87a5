#include "ui/widgets/rotated_header_view.h"

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
    // From the model itself: the style option's text is not filled in for every Qt 6 version.
    const QString text =
        model() ? model()->headerData(logicalIndex, orientation(), Qt::DisplayRole).toString() : option.text;
    option.text.clear();
    option.icon = QIcon();
    style()->drawControl(QStyle::CE_Header, &option, painter, this);

    // ...then the text turned a quarter left, reading upwards from the bottom edge.
    const QFontMetrics metrics = fontMetrics();
    const QString shown = metrics.elidedText(text, Qt::ElideRight, rect.height() - 2 * kMargin);
    painter->save();
    painter->setClipping(false); // the turned text lies inside the section, but its rectangle is rotated
    painter->setPen(palette().color(QPalette::ButtonText));
    painter->translate(rect.left() + (rect.width() + metrics.ascent() - metrics.descent()) / 2,
                       rect.bottom() - kMargin);
    painter->rotate(-90);
    painter->drawText(QPoint(0, 0), shown);
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
