#pragma once

// Accuracy against negative flip rate: every run compared with one chosen reference (the old
// model), the trade-off a model update is judged by. A run is on the Pareto front when no other
// run is at least as accurate with at most as many negative flips (and better in one of them).
// Plain Qt types only; the points come from a PairwiseNfr (row = reference), so switching the
// reference needs no new comparison. The core chooses the front (flipbench/compare/pareto_front.h);
// this adds names, methods and the plot.

#include "ui/compare/pairwise_nfr.h"

#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPAbstractPlottable;

namespace flipbench::ui {

struct TradeoffPoint {
    QString name, path, method; ///< method: Baseline, FD, LDI, ELODI or Imported
    double accuracy = 0;        ///< fraction
    double nfr = 0;             ///< fraction, against the reference
    bool onFront = false;       ///< on the Pareto front (higher accuracy, lower NFR)
};

/// Runs of one group (the same settings, several seeds) against the reference: the mean and the
/// sample standard deviation over its seeds, drawn as a cross of error bars.
struct TradeoffGroup {
    QString label, method;
    int n = 0;
    double accuracy = 0, accuracySd = 0; ///< fractions
    double nfr = 0, nfrSd = 0;
};

struct Tradeoff {
    QString referenceName, referencePath;
    double referenceAccuracy = 0;
    QVector<TradeoffPoint> points; ///< every run but the reference, in the pairwise order
    QVector<TradeoffGroup> groups; ///< the groups of two or more of those runs
};

/// Row `referenceIndex` of `pairwise` as points; an empty Tradeoff when the index is out of range.
Tradeoff tradeoffAgainst(const PairwiseNfr& pairwise, int referenceIndex);

/// Indices of `points` on the Pareto front (maximise accuracy, minimise NFR), sorted by NFR.
QVector<int> paretoFront(const QVector<TradeoffPoint>& points);

/// A stable colour per method label, shared by the scatter, its legend and the report.
QColor methodColor(const QString& method);

/// Draws `tradeoff` into `plot` (cleared first): one scatter per method, the Pareto front as a
/// dashed step line, the reference's accuracy as a horizontal line. Used by the view and the report.
void drawTradeoff(QCustomPlot* plot, const Tradeoff& tradeoff);

/// The scatter as a widget: hovering a point shows the run, clicking it emits runChosen.
class TradeoffPlot final : public QWidget {
    Q_OBJECT
public:
    explicit TradeoffPlot(QWidget* parent = nullptr);
    void setTradeoff(const Tradeoff& tradeoff);
    const Tradeoff& tradeoff() const { return tradeoff_; }
    QCustomPlot* plot() const { return plot_; }
    /// The index into tradeoff().points nearest to a pixel position, or -1 beyond 12 px.
    int pointAt(const QPointF& pixel) const;

Q_SIGNALS:
    /// A point was clicked: compare the reference (A) with this run (B).
    void runChosen(const QString& referencePath, const QString& runPath);

private:
    QCustomPlot* plot_;
    Tradeoff tradeoff_;
};

} // namespace flipbench::ui
