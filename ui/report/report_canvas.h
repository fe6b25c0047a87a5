#pragma once

// A top-to-bottom flow of report content over a QPainter on a QPdfWriter: headings, wrapped text,
// tables that break across pages (repeating their header), vector pictures and images. Units are
// PDF points (the writer runs at 72 dpi), and all text goes through QTextLayout so it stays real,
// searchable text in the PDF.

#include <QColor>
#include <QFont>
#include <QPicture>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>

class QPainter;
class QPagedPaintDevice;

namespace flipbench::ui {

/// A table to draw: column widths are relative weights of the content width.
struct ReportTable {
    struct Row {
        Row(QStringList cells = {}) : cells(std::move(cells)) {}
        QStringList cells;
        QColor background; ///< invalid: none
        bool bold = false;
        QVector<QColor> cellColors; ///< per-cell background, overrides `background` when valid
    };
    QStringList header;
    QVector<qreal> weights;
    QVector<Row> rows;
    qreal fontSize = 8;
    int boldColumns = 0; ///< the first n columns are bold (row labels)
};

class ReportCanvas {
public:
    /// `painter` is active on `device`; the first page is already open.
    ReportCanvas(QPagedPaintDevice* device, QPainter* painter, const QString& footer);

    QPainter* painter() const { return painter_; }
    QRectF content() const { return content_; }
    qreal y() const { return y_; }
    void setY(qreal y) { y_ = y; }
    qreal remaining() const { return content_.bottom() - y_; }
    int pageCount() const { return pages_; }

    /// A font of the report's family at `points`.
    QFont font(qreal points, bool bold = false) const;

    /// Starts a new page (the footer of the finished one is already drawn).
    void newPage();
    /// A new page when less than `height` is left on this one.
    void ensure(qreal height);
    void space(qreal height) { y_ += height; }

    void title(const QString& text);
    /// A numbered section ("3. Training curves"), on a new page unless `newPage` is false or this
    /// page is still empty; it keeps `keepWith` points of what follows on its page.
    void section(const QString& text, bool newPage = true, qreal keepWith = 120);
    /// An unnumbered sub-heading that keeps `keepWith` points of what follows on its page.
    void heading(const QString& text, qreal keepWith = 60);
    void paragraph(const QString& text, qreal points = 9, const QColor& color = QColor(30, 30, 30), bool bold = false);
    /// "term: definition" lines with a bold term.
    void definitions(const QVector<QPair<QString, QString>>& items, qreal points = 8.5);
    void table(const ReportTable& table);
    /// A vector picture drawn into `size` points at the current position (recorded at 72 / dpi).
    void picture(const QPicture& picture, QSizeF size, qreal x = -1);

    /// The heights the calls of the same name take on a page that has room (with their spacing),
    /// so a block can be kept together: ensure() or section()'s keepWith before drawing it.
    qreal headingHeight(const QString& text) const;
    qreal definitionsHeight(const QVector<QPair<QString, QString>>& items, qreal points = 8.5) const;
    qreal tableHeight(const ReportTable& table) const;

    /// Height of `text` wrapped to `width` in `font` (words, or anywhere for long paths).
    qreal textHeight(const QString& text, const QFont& font, qreal width) const;
    /// Draws `text` wrapped into `rect` (top-aligned, left or centred); returns its height.
    qreal drawText(const QRectF& rect, const QString& text, const QFont& font, const QColor& color,
                   Qt::Alignment align = Qt::AlignLeft) const;

private:
    void drawFooter();
    QVector<qreal> columnWidths(const ReportTable& table) const;
    qreal rowHeight(const ReportTable& table, const QStringList& cells, const QVector<qreal>& widths, bool bold) const;
    void drawRow(const ReportTable& table, const QStringList& cells, const QVector<qreal>& widths, qreal height,
                 const QColor& background, const QVector<QColor>& cellColors, bool bold);

    QPagedPaintDevice* device_;
    QPainter* painter_;
    QString footer_;
    QRectF page_, content_;
    qreal y_ = 0;
    int pages_ = 1;
    int sections_ = 0;
    QFont base_;
};

} // namespace flipbench::ui
