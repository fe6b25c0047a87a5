#include "ui/report/report_canvas.h"

#include <QGuiApplication>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>

namespace flipbench::ui {

namespace {

constexpr qreal kMarginX = 48, kMarginTop = 46, kMarginBottom = 54;
constexpr qreal kCellPadX = 3, kCellPadY = 2;
const QColor kRule(190, 190, 190);
const QColor kHeaderFill(232, 236, 241);

/// Lays `text` out in lines of `width`, breaking at words and, for a path or key with no space,
/// anywhere. Returns the height.
qreal layoutText(QTextLayout& layout, qreal width, Qt::Alignment align)
{
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    option.setAlignment(align);
    layout.setTextOption(option);
    layout.beginLayout();
    qreal height = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(std::max<qreal>(1, width));
        line.setPosition(QPointF(0, height));
        height += line.height();
    }
    layout.endLayout();
    return height;
}

QString withLineSeparators(QString text)
{
    return text.replace(QLatin1Char('\n'), QChar::LineSeparator);
}

} // namespace

ReportCanvas::ReportCanvas(QPagedPaintDevice* device, QPainter* painter, const QString& footer)
    : device_(device), painter_(painter), footer_(footer)
{
    base_ = QGuiApplication::font();
    base_.setFamilies(
        {QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"), QStringLiteral("Arial"), base_.family()});
    base_.setStyleHint(QFont::SansSerif);
    // No "fi"/"fl" ligatures: the PDF's text must read "flips", not "ﬂips", to be found by search.
    base_.setStyleStrategy(QFont::PreferNoShaping);
    page_ = QRectF(0, 0, device->width(), device->height());
    content_ = page_.adjusted(kMarginX, kMarginTop, -kMarginX, -kMarginBottom);
    y_ = content_.top();
    drawFooter();
}

QFont ReportCanvas::font(qreal points, bool bold) const
{
    QFont f = base_;
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

void ReportCanvas::newPage()
{
    device_->newPage();
    ++pages_;
    y_ = content_.top();
    drawFooter();
}

void ReportCanvas::ensure(qreal height)
{
    if (y_ > content_.top() && remaining() < height)
        newPage();
}

void ReportCanvas::drawFooter()
{
    painter_->save();
    const qreal top = page_.bottom() - kMarginBottom + 18;
    painter_->setPen(QPen(kRule, 0.5));
    painter_->drawLine(QPointF(content_.left(), top), QPointF(content_.right(), top));
    const QFont small = font(7);
    const QRectF band(content_.left(), top + 4, content_.width(), 12);
    drawText(QRectF(band.left(), band.top(), band.width() * 0.8, band.height()), footer_, small, QColor(110, 110, 110));
    drawText(band, QObject::tr("Page %1").arg(pages_), small, QColor(110, 110, 110), Qt::AlignRight);
    painter_->restore();
}

qreal ReportCanvas::textHeight(const QString& text, const QFont& font, qreal width) const
{
    QTextLayout layout(withLineSeparators(text), font, device_);
    return layoutText(layout, width, Qt::AlignLeft);
}

qreal ReportCanvas::drawText(const QRectF& rect, const QString& text, const QFont& font, const QColor& color,
                             Qt::Alignment align) const
{
    QTextLayout layout(withLineSeparators(text), font, device_);
    const qreal height = layoutText(layout, rect.width(), align);
    painter_->save();
    painter_->setPen(color);
    layout.draw(painter_, rect.topLeft());
    painter_->restore();
    return height;
}

void ReportCanvas::title(const QString& text)
{
    const QFont f = font(18, true);
    y_ += drawText(QRectF(content_.left(), y_, content_.width(), 0), text, f, QColor(20, 40, 70));
    y_ += 4;
    painter_->save();
    painter_->setPen(QPen(QColor(20, 40, 70), 1.2));
    painter_->drawLine(QPointF(content_.left(), y_), QPointF(content_.right(), y_));
    painter_->restore();
    y_ += 10;
}

void ReportCanvas::section(const QString& text, bool newPage, qreal keepWith)
{
    const QFont f = font(14, true);
    const QString numbered = QStringLiteral("%1. %2").arg(++sections_).arg(text);
    const qreal height = textHeight(numbered, f, content_.width());
    ensure(newPage ? content_.height() : height + keepWith);
    if (y_ > content_.top())
        y_ += 12;
    y_ += drawText(QRectF(content_.left(), y_, content_.width(), height), numbered, f, QColor(20, 40, 70));
    y_ += 8;
}

qreal ReportCanvas::headingHeight(const QString& text) const
{
    return 8 + textHeight(text, font(11, true), content_.width()) + 4;
}

void ReportCanvas::heading(const QString& text, qreal keepWith)
{
    const QFont f = font(11, true);
    const qreal height = textHeight(text, f, content_.width());
    ensure(height + keepWith);
    if (y_ > content_.top())
        y_ += 8;
    y_ += drawText(QRectF(content_.left(), y_, content_.width(), height), text, f, QColor(20, 40, 70));
    y_ += 4;
}

void ReportCanvas::paragraph(const QString& text, qreal points, const QColor& color, bool bold)
{
    const QFont f = font(points, bold);
    const qreal height = textHeight(text, f, content_.width());
    ensure(height);
    y_ += drawText(QRectF(content_.left(), y_, content_.width(), height), text, f, color);
    y_ += points * 0.5;
}

namespace {
constexpr qreal kTermWidth = 52; // the bold term column of definitions()
}

qreal ReportCanvas::definitionsHeight(const QVector<QPair<QString, QString>>& items, qreal points) const
{
    const QFont termFont = font(points, true), textFont = font(points);
    qreal total = 0;
    for (const auto& [term, text] : items)
        total += std::max(textHeight(term, termFont, kTermWidth),
                          textHeight(text, textFont, content_.width() - kTermWidth)) +
                 2;
    return total + 4;
}

void ReportCanvas::definitions(const QVector<QPair<QString, QString>>& items, qreal points)
{
    const QFont termFont = font(points, true), textFont = font(points);
    const qreal termWidth = kTermWidth;
    for (const auto& [term, text] : items) {
        const qreal width = content_.width() - termWidth;
        const qreal height = std::max(textHeight(term, termFont, termWidth), textHeight(text, textFont, width));
        ensure(height);
        drawText(QRectF(content_.left(), y_, termWidth, height), term, termFont, QColor(30, 30, 30));
        drawText(QRectF(content_.left() + termWidth, y_, width, height), text, textFont, QColor(30, 30, 30));
        y_ += height + 2;
    }
    y_ += 4;
}

qreal ReportCanvas::rowHeight(const ReportTable& table, const QStringList& cells, const QVector<qreal>& widths,
                              bool bold) const
{
    qreal height = 0;
    for (int c = 0; c < widths.size(); ++c) {
        const QFont f = font(table.fontSize, bold || c < table.boldColumns);
        height = std::max(height, textHeight(cells.value(c), f, widths[c] - 2 * kCellPadX));
    }
    return height + 2 * kCellPadY;
}

void ReportCanvas::drawRow(const ReportTable& table, const QStringList& cells, const QVector<qreal>& widths,
                           qreal height, const QColor& background, const QVector<QColor>& cellColors, bool bold)
{
    qreal x = content_.left();
    painter_->save();
    for (int c = 0; c < widths.size(); ++c) {
        const QRectF cell(x, y_, widths[c], height);
        const QColor fill = cellColors.value(c).isValid() ? cellColors.value(c) : background;
        if (fill.isValid())
            painter_->fillRect(cell, fill);
        drawText(cell.adjusted(kCellPadX, kCellPadY, -kCellPadX, -kCellPadY), cells.value(c),
                 font(table.fontSize, bold || c < table.boldColumns), QColor(25, 25, 25));
        x += widths[c];
    }
    painter_->setPen(QPen(kRule, 0.4));
    painter_->drawLine(QPointF(content_.left(), y_ + height), QPointF(x, y_ + height));
    painter_->restore();
    y_ += height;
}

QVector<qreal> ReportCanvas::columnWidths(const ReportTable& table) const
{
    const int columns = static_cast<int>(std::max(table.header.size(), table.weights.size()));
    qreal total = 0;
    for (int c = 0; c < columns; ++c)
        total += table.weights.value(c, 1);
    QVector<qreal> widths;
    for (int c = 0; c < columns; ++c)
        widths << content_.width() * table.weights.value(c, 1) / total;
    return widths;
}

qreal ReportCanvas::tableHeight(const ReportTable& table) const
{
    const QVector<qreal> widths = columnWidths(table);
    qreal height = table.header.isEmpty() ? 0 : rowHeight(table, table.header, widths, true);
    for (const ReportTable::Row& row : table.rows)
        height += rowHeight(table, row.cells, widths, row.bold);
    return height + 10;
}

void ReportCanvas::table(const ReportTable& table)
{
    const QVector<qreal> widths = columnWidths(table);

    const qreal headerHeight = table.header.isEmpty() ? 0 : rowHeight(table, table.header, widths, true);
    auto drawHeader = [&] {
        if (!table.header.isEmpty())
            drawRow(table, table.header, widths, headerHeight, kHeaderFill, {}, true);
    };
    const qreal firstRow = table.rows.isEmpty() ? 0 : rowHeight(table, table.rows.front().cells, widths, false);
    ensure(headerHeight + firstRow);
    drawHeader();
    for (const ReportTable::Row& row : table.rows) {
        const qreal height = rowHeight(table, row.cells, widths, row.bold);
        if (remaining() < height) {
            newPage();
            drawHeader(); // a table continued on a new page keeps its column names
        }
        drawRow(table, row.cells, widths, height, row.background, row.cellColors, row.bold);
    }
    y_ += 10;
}

void ReportCanvas::picture(const QPicture& picture, QSizeF size, qreal x)
{
    ensure(size.height());
    painter_->save();
    painter_->translate(x < 0 ? content_.left() : x, y_);
    // QPicture replays at the device's resolution: a picture recorded at `dpi` pixels per inch
    // comes out 72 / dpi as large on this 72 dpi writer, which is the size it was recorded for.
    painter_->drawPicture(0, 0, picture);
    painter_->restore();
    y_ += size.height();
}

} // namespace flipbench::ui
