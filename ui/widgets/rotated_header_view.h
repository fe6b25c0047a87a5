#pragma once

#include <QHeaderView>

namespace flipbench::ui {

/// A horizontal header whose labels run bottom to top, so narrow columns (the class heatmap's
/// counts) can carry full names ("automobile", "triangle") instead of "auto." and "tria.". The
/// header is as high as the longest label; each section needs only a line's height of width.
class RotatedHeaderView final : public QHeaderView {
    Q_OBJECT
public:
    explicit RotatedHeaderView(QWidget* parent = nullptr);

protected:
    void paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const override;
    QSize sectionSizeFromContents(int logicalIndex) const override;
};

} // namespace flipbench::ui
