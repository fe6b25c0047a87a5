#pragma once

// Look, hit-testing and export of the curve plots: free functions over QCustomPlot, so the panel
// keeps only what is specific to runs and series.

#include <QColor>
#include <QList>
#include <QSize>
#include <QString>

class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QFont;
class QPointF;

namespace flipbench::ui {

/// The colour of the run at `index` in the panel's list: a fixed, colour-blind friendly palette of
/// ten, so a run keeps its colour while others are added after it.
QColor runColor(int index);

/// A new graph on `plot` with its legend name and pen.
QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QPen& pen);

/// White background, light grey grid, a title row, an inset legend, pan and zoom, mouse tracking
/// for the hover tip, and a "raw" layer below the main one for the faint unsmoothed lines.
void stylePlot(QCustomPlot* plot, const QString& title, const QString& xLabel, const QString& yLabel,
               const QFont& font);

/// Moves the legend out of the axis rect into a row of its own under the plot, `columns` entries a
/// line, without frame or background: a legend inside the axis rect covers data sooner or later.
/// Calling it again only re-arranges the entries; a legend without entries is hidden (and stays
/// where it is).
void placeLegendBelow(QCustomPlot* plot, int columns);

/// A grey text centred in the plot's axis rect (hidden until set visible).
QCPItemText* addCenteredMessage(QCustomPlot* plot, const QString& text, const QFont& font);

/// Fits the axes to the visible graphs' data, with a margin so no point is cut at the border.
/// `keyMargin` is in key units (half an epoch for per-epoch plots, 0 for steps); a single key
/// gets `keyMargin` on either side (one unit when it is 0), so epoch 1 alone spans 0.5..1.5.
void fitAxesToData(QCustomPlot* plot, double keyMargin);

/// The data point of a visible graph nearest to `pos` (pixels), if one lies within `maxPixels`.
struct NearestPoint {
    QCPGraph* graph = nullptr;
    int index = -1; ///< into graph->data()
    double key = 0;
    double value = 0;
};
NearestPoint nearestPoint(QCustomPlot* plot, const QPointF& pos, double maxPixels);

/// 1,240-style: group separators even in the C locale the tests run in.
QString formatCount(qint64 value);
/// A loss or rate for the hover tip: 4 significant decimals, scientific when tiny or huge.
QString formatValue(double value);

/// The size to export a plot at: its on-screen size when shown, `fallback` otherwise (a hidden
/// widget has no meaningful size).
QSize exportSize(const QCustomPlot* plot, QSize fallback);

/// Writes one plot: PNG at twice the size (QCustomPlot::savePng) or vector PDF with non-cosmetic
/// pens (QCustomPlot::savePdf), chosen by the suffix. False for another suffix or a failed write.
bool savePlot(QCustomPlot* plot, QSize size, const QString& fileName);

/// Writes the plots next to each other into one file: PNG at twice the size, or vector PDF with
/// non-cosmetic pens. The format comes from the suffix. False when the file cannot be written.
bool savePlotsSideBySide(const QList<QCustomPlot*>& plots, const QList<QSize>& sizes, const QString& fileName);

/// Why writing `fileName` failed, in words for a message box.
QString exportFailureReason(const QString& fileName);

} // namespace flipbench::ui
