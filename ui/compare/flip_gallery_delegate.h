#pragma once

#include <QStyledItemDelegate>

namespace flipbench::ui {

/// Paints one FlipGalleryModel row as a tile: the image scaled to the thumbnail size, the true
/// class in bold, "A: cat 0.93" and "B: dog 0.71" (B green when right, red when wrong) and a
/// "near"/"far" badge. Tiles all have the same size, so a QListView can use uniform item sizes.
class FlipGalleryDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    /// Edge of the square image in pixels (default 96; CIFAR's 32 pixels are scaled up).
    void setThumbnailSize(int pixels);
    int thumbnailSize() const { return thumb_; }
    /// Smooth (bilinear) or nearest scaling; nearest keeps the pixels a model actually saw.
    void setSmooth(bool smooth) { smooth_ = smooth; }
    bool smooth() const { return smooth_; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int tileWidth(const QFontMetrics& metrics) const;

    int thumb_ = 96;
    bool smooth_ = false;
};

} // namespace flipbench::ui
