#include "ui/compare/flip_gallery_delegate.h"

#include "ui/compare/flip_gallery_model.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace flipbench::ui {

namespace {

constexpr int kPad = 4;

QString sideLine(const QString& side, const QString& className, float conf)
{
    return std::isnan(conf) ? QStringLiteral("%1: %2").arg(side, className)
                            : QStringLiteral("%1: %2 %3").arg(side, className, QString::number(double(conf), 'f', 2));
}

} // namespace

void FlipGalleryDelegate::setThumbnailSize(int pixels)
{
    thumb_ = std::clamp(pixels, 16, 512);
}

int FlipGalleryDelegate::tileWidth(const QFontMetrics& metrics) const
{
    // Wide enough for a typical CIFAR line; longer class names are elided rather than widening
    // every tile, which would waste the grid for the common case.
    return std::max(thumb_, metrics.horizontalAdvance(QStringLiteral("B: automobile 0.00")) + 6) + 2 * kPad;
}

QSize FlipGalleryDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    const QFontMetrics& metrics = option.fontMetrics;
    return {tileWidth(metrics), kPad + thumb_ + 2 + 3 * metrics.height() + kPad};
}

void FlipGalleryDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    // The style's item background first, so selection and hover look native.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    background.icon = QIcon();
    background.features &= ~QStyleOptionViewItem::HasDecoration;
    background.state &= ~QStyle::State_Selected; // drawn below as a tint over the whole tile
    const QStyle* style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    painter->save();
    const QRect tile = option.rect;
    const QRect imageRect(tile.x() + (tile.width() - thumb_) / 2, tile.y() + kPad, thumb_, thumb_);
    const QImage image = index.data(Qt::DecorationRole).value<QImage>();
    if (image.isNull()) {
        painter->fillRect(imageRect, QColor(205, 205, 205));
        painter->setPen(QColor(90, 90, 90));
        painter->drawText(imageRect, Qt::AlignCenter, tr("no image"));
    } else {
        // Drawn scaled by the painter: no scaled copy is allocated per paint.
        painter->setRenderHint(QPainter::SmoothPixmapTransform, smooth_);
        painter->drawImage(imageRect, image);
    }

    const QString tag = index.data(FlipGalleryModel::TagRole).toString();
    if (!tag.isEmpty()) {
        QFont badgeFont = option.font;
        if (badgeFont.pointSizeF() > 0)
            badgeFont.setPointSizeF(std::max(6.0, badgeFont.pointSizeF() * 0.8));
        else
            badgeFont.setPixelSize(std::max(8, badgeFont.pixelSize() * 4 / 5));
        const QFontMetrics badgeMetrics(badgeFont);
        const QRect badge(imageRect.right() - badgeMetrics.horizontalAdvance(tag) - 8, imageRect.y() + 2,
                          badgeMetrics.horizontalAdvance(tag) + 6, badgeMetrics.height());
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(Qt::NoPen);
        // Far flips are the alarming ones (B lost confidence it had); near ones are coin tosses.
        painter->setBrush(tag == QLatin1String("far") ? QColor(200, 40, 40, 220) : QColor(70, 110, 170, 220));
        painter->drawRoundedRect(badge, 3, 3);
        painter->setFont(badgeFont);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, tag);
    }

    // In icon mode styles highlight only part of the item; a light tint over the whole tile keeps
    // the captions in their normal colours and legible.
    const bool selected = option.state & QStyle::State_Selected;
    if (selected) {
        QColor tint = option.palette.color(QPalette::Highlight);
        tint.setAlpha(60);
        painter->fillRect(tile, tint);
    }
    const QColor text = option.palette.color(QPalette::Text);
    const QFontMetrics& metrics = option.fontMetrics;
    const int lineH = metrics.height();
    const int textW = tile.width() - 2 * kPad;
    QRect line(tile.x() + kPad, imageRect.bottom() + 3, textW, lineH);

    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    const QString label = index.data(FlipGalleryModel::LabelNameRole).toString();
    painter->drawText(line, Qt::AlignHCenter | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(label, Qt::ElideRight, textW));

    painter->setFont(option.font);
    const auto conf = [&](int role) { return index.data(role).toFloat(); };
    line.translate(0, lineH);
    const QString a = sideLine(QStringLiteral("A"), index.data(FlipGalleryModel::PredANameRole).toString(),
                               conf(FlipGalleryModel::ConfARole));
    painter->drawText(line, Qt::AlignHCenter | Qt::AlignVCenter, metrics.elidedText(a, Qt::ElideRight, textW));

    line.translate(0, lineH);
    const bool bRight = index.data(FlipGalleryModel::PredBRole) == index.data(FlipGalleryModel::LabelRole);
    // Plain green and red read on both light and dark palettes; selected tiles keep the
    // highlighted-text colour so the line stays legible on the selection background.
    painter->setPen(bRight ? QColor(30, 140, 60) : QColor(210, 40, 40));
    const QString b = sideLine(QStringLiteral("B"), index.data(FlipGalleryModel::PredBNameRole).toString(),
                               conf(FlipGalleryModel::ConfBRole));
    painter->drawText(line, Qt::AlignHCenter | Qt::AlignVCenter, metrics.elidedText(b, Qt::ElideRight, textW));
    painter->restore();
}

} // namespace flipbench::ui
