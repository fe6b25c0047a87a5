// The report's figures: training curves, the 2x2 flip matrix with the per-class heatmap of every
// pair, and (with more than two runs) the pairwise NFR heatmap with the accuracy-vs-NFR scatter.
// Tables and heatmaps are painted here as vector shapes with real text; plots are the pictures
// recorded on the GUI thread.

#include "ui/report/report_pages.h"

#include "ui/curves/curve_plot_helpers.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace flipbench::ui {

namespace {

// The on-screen Compare page's tints (compare_widgets.cpp), so the paper matches the screen.
const QColor kNegativeTint(255, 200, 200);
const QColor kPositiveTint(200, 240, 200);
const QColor kGridLine(200, 200, 200);
const QColor kHeaderText(50, 50, 50);

/// White to red by share of the peak, as the Compare page's class heatmap.
QColor heat(double share)
{
    const int fade = static_cast<int>(255 - 200 * std::clamp(share, 0.0, 1.0));
    return QColor(255, fade, fade);
}

struct Grid {
    QStringList rowLabels, columnLabels;
    QVector<QStringList> cells; ///< [row][column]
    QVector<QVector<QColor>> fills;
    qreal rowHeaderWidth = 80, cellWidth = 36, rowHeight = 16, fontSize = 7;
    QString corner; ///< text in the top-left cell (what rows and columns mean)
};

/// Column names written bottom-to-top, so ten class names fit above narrow cells.
void drawGrid(ReportCanvas& canvas, const Grid& grid)
{
    QPainter* p = canvas.painter();
    const QFont font = canvas.font(grid.fontSize);
    const QFont bold = canvas.font(grid.fontSize, true);
    qreal band = 0;
    for (const QString& label : grid.columnLabels)
        band = std::max(band, QFontMetricsF(bold, p->device()).horizontalAdvance(label) + 8);
    band = std::min<qreal>(band, 90);
    const qreal height = band + grid.rowLabels.size() * grid.rowHeight;
    canvas.ensure(height + 6);
    const qreal left = canvas.content().left(), top = canvas.y();
    const qreal lineHeight = QFontMetricsF(bold, p->device()).height();

    canvas.drawText(QRectF(left, top + band - 3 * lineHeight - 2, grid.rowHeaderWidth - 4, 3 * lineHeight), grid.corner,
                    canvas.font(grid.fontSize - 0.5), QColor(110, 110, 110));
    for (int c = 0; c < grid.columnLabels.size(); ++c) {
        p->save();
        p->translate(left + grid.rowHeaderWidth + (c + 0.5) * grid.cellWidth, top + band);
        p->rotate(-90);
        canvas.drawText(QRectF(3, -lineHeight / 2, band - 3, lineHeight), grid.columnLabels[c], bold, kHeaderText);
        p->restore();
    }
    for (int r = 0; r < grid.rowLabels.size(); ++r) {
        const qreal y = top + band + r * grid.rowHeight;
        canvas.drawText(QRectF(left, y + (grid.rowHeight - lineHeight) / 2, grid.rowHeaderWidth - 4, lineHeight),
                        grid.rowLabels[r], bold, kHeaderText, Qt::AlignRight);
        for (int c = 0; c < grid.columnLabels.size(); ++c) {
            const QRectF cell(left + grid.rowHeaderWidth + c * grid.cellWidth, y, grid.cellWidth, grid.rowHeight);
            const QColor fill = grid.fills.value(r).value(c);
            if (fill.isValid())
                p->fillRect(cell, fill);
            p->save();
            p->setPen(QPen(kGridLine, 0.4));
            p->drawRect(cell);
            p->restore();
            canvas.drawText(
                QRectF(cell.left(), cell.top() + (grid.rowHeight - lineHeight) / 2, cell.width(), lineHeight),
                grid.cells.value(r).value(c), font, QColor(25, 25, 25), Qt::AlignHCenter);
        }
    }
    canvas.setY(top + height + 10);
}

void drawFlipMatrix(ReportCanvas& canvas, const Comparison& c, const QString& letter)
{
    const qint64 total = c.samples.size();
    auto text = [&](qint64 count, const QString& what) {
        const double share = total > 0 ? double(count) / double(total) : 0.0;
        return QStringLiteral("%1 (%2)\n%3").arg(count).arg(reportPercent(share), what);
    };
    Grid grid;
    grid.columnLabels = {QObject::tr("%1 correct").arg(letter), QObject::tr("%1 wrong").arg(letter)};
    grid.rowLabels = {QObject::tr("A correct"), QObject::tr("A wrong")};
    grid.cells = {{text(c.report.table.bothCorrect, QObject::tr("both correct")),
                   text(c.report.table.negativeFlips, QObject::tr("negative flips"))},
                  {text(c.report.table.positiveFlips, QObject::tr("positive flips")),
                   text(c.report.table.bothWrong, QObject::tr("both wrong"))}};
    grid.fills = {{QColor(), kNegativeTint}, {kPositiveTint, QColor()}};
    grid.rowHeaderWidth = 70;
    grid.cellWidth = 120;
    grid.rowHeight = 30;
    grid.fontSize = 8;

    // The grid draws one centred line per cell; a matrix cell has two, so draw it by hand.
    QPainter* p = canvas.painter();
    const QFont font = canvas.font(8), bold = canvas.font(8, true);
    const qreal lineHeight = QFontMetricsF(bold, p->device()).height();
    const qreal band = lineHeight + 6;
    canvas.ensure(band + 2 * grid.rowHeight + 10);
    const qreal left = canvas.content().left(), top = canvas.y();
    for (int col = 0; col < 2; ++col)
        canvas.drawText(QRectF(left + grid.rowHeaderWidth + col * grid.cellWidth, top, grid.cellWidth, lineHeight),
                        grid.columnLabels[col], bold, kHeaderText, Qt::AlignHCenter);
    for (int r = 0; r < 2; ++r) {
        const qreal y = top + band + r * grid.rowHeight;
        canvas.drawText(QRectF(left, y + (grid.rowHeight - lineHeight) / 2, grid.rowHeaderWidth - 6, lineHeight),
                        grid.rowLabels[r], bold, kHeaderText, Qt::AlignRight);
        for (int col = 0; col < 2; ++col) {
            const QRectF cell(left + grid.rowHeaderWidth + col * grid.cellWidth, y, grid.cellWidth, grid.rowHeight);
            if (grid.fills[r][col].isValid())
                p->fillRect(cell, grid.fills[r][col]);
            p->save();
            p->setPen(QPen(kGridLine, 0.5));
            p->drawRect(cell);
            p->restore();
            canvas.drawText(cell.adjusted(2, (grid.rowHeight - 2 * lineHeight) / 2, -2, 0), grid.cells[r][col], font,
                            QColor(25, 25, 25), Qt::AlignHCenter);
        }
    }
    canvas.setY(top + band + 2 * grid.rowHeight + 12);
}

void drawClassHeatmap(ReportCanvas& canvas, const Comparison& c, const QString& letter)
{
    const int n = c.numClasses;
    if (n <= 0)
        return;
    Grid grid;
    qint64 peak = 0;
    QVector<qint64> rowSum(n, 0), columnSum(n, 0);
    auto countAt = [&](int t, int p) { return c.negativeFlipsAt(t, p); };
    for (int t = 0; t < n; ++t)
        for (int p = 0; p < n; ++p) {
            peak = std::max(peak, countAt(t, p));
            rowSum[t] += countAt(t, p);
            columnSum[p] += countAt(t, p);
        }
    for (int t = 0; t <= n; ++t) {
        QStringList row;
        QVector<QColor> fills;
        for (int p = 0; p <= n; ++p) {
            if (t < n && p < n) {
                const qint64 v = countAt(t, p);
                row << (v > 0 ? QString::number(v) : QString());
                fills << heat(peak > 0 ? double(v) / double(peak) : 0.0);
            } else {
                const qint64 v = t < n ? rowSum[t] : p < n ? columnSum[p] : c.report.table.negativeFlips;
                row << QString::number(v);
                fills << QColor(240, 240, 240);
            }
        }
        grid.cells << row;
        grid.fills << fills;
    }
    grid.rowLabels = c.classNames.mid(0, n);
    while (grid.rowLabels.size() < n)
        grid.rowLabels << QString::number(grid.rowLabels.size());
    grid.rowLabels << QObject::tr("total");
    grid.columnLabels = grid.rowLabels;
    grid.rowHeaderWidth = 76;
    grid.cellWidth = std::min<qreal>(34, (canvas.content().width() - grid.rowHeaderWidth) / (n + 1));
    grid.corner = QObject::tr("rows: true class\ncolumns: %1's prediction").arg(letter);
    drawGrid(canvas, grid);
}

void drawPlotPair(ReportCanvas& canvas, const ReportPlot& left, const ReportPlot& right)
{
    const qreal height = std::max(left.size.height(), right.size.height());
    canvas.ensure(height);
    const qreal top = canvas.y();
    if (!left.isEmpty())
        canvas.picture(left.picture, left.size);
    canvas.setY(top);
    if (!right.isEmpty())
        canvas.picture(right.picture, right.size, canvas.content().right() - right.size.width());
    canvas.setY(top + height + 8);
}

/// The key of the three curve plots, which draw run i in runColor(i) and carry no legend of their
/// own: each run with curves named once, in a wrapping row.
void drawRunKey(ReportCanvas& canvas, const ReportData& data)
{
    QPainter* p = canvas.painter();
    const QFont font = canvas.font(8);
    const QFontMetricsF metrics(font, p->device());
    const qreal swatch = 18, gap = 4, spacing = 16, line = metrics.height() + 4;
    const qreal left = canvas.content().left(), right = canvas.content().right();
    qreal x = left;
    bool any = false;
    for (int r = 0; r < data.runs.size(); ++r) {
        if (data.runs[r].curves.isEmpty())
            continue; // nothing of it in the plots
        const QString& name = data.runs[r].name;
        const qreal width = swatch + gap + metrics.horizontalAdvance(name);
        if (!any || (x > left && x + width > right)) {
            if (any)
                canvas.space(line);
            canvas.ensure(line);
            x = left;
        }
        any = true;
        const qreal y = canvas.y();
        p->save();
        p->setPen(QPen(runColor(r), 1.8));
        p->drawLine(QPointF(x, y + line / 2), QPointF(x + swatch, y + line / 2));
        p->restore();
        canvas.drawText(QRectF(x + swatch + gap, y + 2, std::max<qreal>(1, right - x - swatch - gap), line), name, font,
                        QColor(30, 30, 30));
        x += width + spacing;
    }
    if (any)
        canvas.space(line + 6);
}

} // namespace

void drawCurvesSection(ReportCanvas& canvas, const ReportData& data, const ReportPlots& plots)
{
    canvas.section(QObject::tr("Training curves"));
    canvas.paragraph(QObject::tr("Cross-entropy of the training batches (exponential moving average 0.6; the "
                                 "distillation term of FD and LDI is left out so that methods compare), and test "
                                 "accuracy and NFR after each epoch. The NFR during training is measured against "
                                 "each run's own training reference (method.reference); a baseline has none."),
                     8, QColor(90, 90, 90));
    drawRunKey(canvas, data);
    if (!plots.loss.isEmpty())
        canvas.picture(plots.loss.picture, plots.loss.size);
    canvas.space(10);
    drawPlotPair(canvas, plots.accuracy, plots.nfr);
}

void drawFlipsSection(ReportCanvas& canvas, const ReportData& data)
{
    canvas.section(QObject::tr("Where the flips are"));
    canvas.paragraph(QObject::tr("The 2x2 table counts the test samples by whether the reference A and the other "
                                 "run classify them correctly; the heatmap splits the negative flips (A right, the "
                                 "other run wrong) by true class and by the class the other run predicts instead."),
                     8, QColor(90, 90, 90));
    for (int i = 0; i < data.comparisons.size(); ++i) {
        const Comparison& c = data.comparisons[i];
        const QString letter(QChar(u'B' + std::min(i, 24))); // the run's letter in the title block
        canvas.heading(QObject::tr("A: %1 → %2: %3").arg(c.nameA, letter, c.nameB), 380);
        drawFlipMatrix(canvas, c, letter);
        drawClassHeatmap(canvas, c, letter);
    }
}

void drawPairwiseSection(ReportCanvas& canvas, const ReportData& data, const ReportPlots& plots)
{
    if (!data.pairwise)
        return;
    const PairwiseNfr& pw = *data.pairwise;
    canvas.section(QObject::tr("All runs against each other"));
    canvas.paragraph(QObject::tr("Negative flip rate for every ordered pair: the row is the old model, the column the "
                                 "new one; darker red means more regressions."),
                     8, QColor(90, 90, 90));
    const int n = static_cast<int>(pw.names.size());
    double peak = 0;
    for (const auto& row : pw.nfr)
        for (double v : row)
            peak = std::max(peak, v);
    Grid grid;
    grid.rowLabels = grid.columnLabels = pw.names;
    for (int r = 0; r < n; ++r) {
        QStringList row;
        QVector<QColor> fills;
        for (int c = 0; c < n; ++c) {
            const double v = pw.nfr.value(r).value(c);
            row << (r == c ? QStringLiteral("—") : reportPercent(v));
            fills << (r == c ? QColor(240, 240, 240) : heat(peak > 0 ? v / peak : 0.0));
        }
        grid.cells << row;
        grid.fills << fills;
    }
    grid.rowHeaderWidth = 130;
    grid.cellWidth = std::min<qreal>(60, (canvas.content().width() - grid.rowHeaderWidth) / std::max(1, n));
    grid.fontSize = grid.cellWidth < 40 ? 6 : 7;
    grid.corner = QObject::tr("rows: old model\ncolumns: new model");
    drawGrid(canvas, grid);
    if (!plots.tradeoff.isEmpty()) {
        canvas.space(6);
        canvas.picture(plots.tradeoff.picture, plots.tradeoff.size);
        canvas.space(8);
        canvas.paragraph(QObject::tr("Each run's test accuracy against its NFR with %1 as the old model. Runs on the "
                                     "dashed Pareto front are not beaten by another run in both accuracy and NFR.")
                             .arg(data.runs[0].name),
                         8, QColor(90, 90, 90));
    }
}

} // namespace flipbench::ui
