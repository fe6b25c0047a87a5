#include "ui/compare/tradeoff.h"

#include "flipbench/compare/pareto_front.h"
#include "flipbench/runs/run_summary.h"
#include "flipbench/statistics/mean_spread.h"
#include "ui/curves/curve_plot_helpers.h"
#include "ui/widgets/number_format.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace flipbench::ui {

namespace {

QString percent(double fraction)
{
    return formatPercent(fraction);
}

const QStringList& methodOrder()
{
    static const QStringList order = [] {
        QStringList labels;
        for (const std::string& label : flipbench::methodLabels())
            labels << QString::fromStdString(label);
        return labels;
    }();
    return order;
}

} // namespace

Tradeoff tradeoffAgainst(const PairwiseNfr& pairwise, int referenceIndex)
{
    // The core picks the row and the front (flipbench/compare/pareto_front.h); names are added here.
    PairwiseComparison core;
    const int n = static_cast<int>(pairwise.paths.size());
    for (int i = 0; i < n; ++i) {
        core.accuracy.push_back(pairwise.accuracy.value(i));
        const QVector<double> row = pairwise.nfr.value(i);
        core.nfr.emplace_back(row.begin(), row.end());
    }
    if (referenceIndex >= pairwise.nfr.size())
        return {};
    const flipbench::Tradeoff chosen = flipbench::tradeoffAgainst(core, referenceIndex);
    Tradeoff tradeoff;
    if (chosen.reference < 0)
        return tradeoff;
    tradeoff.referenceName = pairwise.names.value(referenceIndex);
    tradeoff.referencePath = pairwise.paths.value(referenceIndex);
    tradeoff.referenceAccuracy = chosen.referenceAccuracy;
    for (const flipbench::TradeoffPoint& p : chosen.points) {
        TradeoffPoint point;
        point.name = pairwise.names.value(p.model);
        point.path = pairwise.paths.value(p.model);
        point.method = pairwise.methods.value(p.model, QStringLiteral("Baseline"));
        point.accuracy = p.accuracy;
        point.nfr = p.nfr;
        point.onFront = p.onFront;
        tradeoff.points.append(point);
    }
    // Mean ± sd over the seeds of each group (the reference itself left out).
    for (int g = 0; g < pairwise.groupLabels.size(); ++g) {
        std::vector<double> accuracies, nfrs;
        QString method;
        for (const flipbench::TradeoffPoint& p : chosen.points)
            if (pairwise.group.value(p.model, -1) == g) {
                accuracies.push_back(p.accuracy);
                nfrs.push_back(p.nfr);
                method = pairwise.methods.value(p.model, QStringLiteral("Baseline"));
            }
        if (accuracies.size() < 2)
            continue;
        const flipbench::MeanSpread accuracy = flipbench::meanSpread(accuracies);
        const flipbench::MeanSpread nfr = flipbench::meanSpread(nfrs);
        tradeoff.groups.append(
            {pairwise.groupLabels[g], method, accuracy.n, accuracy.mean, accuracy.sd, nfr.mean, nfr.sd});
    }
    return tradeoff;
}

QVector<int> paretoFront(const QVector<TradeoffPoint>& points)
{
    std::vector<flipbench::TradeoffPoint> core;
    for (const TradeoffPoint& p : points) {
        flipbench::TradeoffPoint c;
        c.accuracy = p.accuracy;
        c.nfr = p.nfr;
        core.push_back(c);
    }
    const std::vector<int> front = flipbench::paretoFront(core);
    return QVector<int>(front.begin(), front.end());
}

QColor methodColor(const QString& method)
{
    // Colour-blind-safe (Okabe-Ito) hues, one per method.
    static const QVector<QColor> colors{QColor(0, 114, 178),   QColor(230, 159, 0), QColor(0, 158, 115),
                                        QColor(204, 121, 167), QColor(213, 94, 0),  QColor(86, 180, 233),
                                        QColor(86, 86, 86)};
    const int i = static_cast<int>(methodOrder().indexOf(method));
    return colors.value(i < 0 ? colors.size() - 1 : i);
}

void drawTradeoff(QCustomPlot* plot, const Tradeoff& tradeoff)
{
    plot->clearPlottables(); // graphs and the groups' error bars
    plot->clearItems();
    plot->xAxis->setLabel(QObject::tr("NFR against %1 (%)").arg(tradeoff.referenceName));
    plot->yAxis->setLabel(QObject::tr("Test accuracy (%)"));

    double maxX = 0.1, minY = std::numeric_limits<double>::max(), maxY = 0;
    auto extend = [&](double x, double y) {
        maxX = std::max(maxX, x);
        minY = std::min(minY, y);
        maxY = std::max(maxY, y);
    };
    extend(0, tradeoff.referenceAccuracy * 100);

    for (const QString& method : methodOrder()) {
        QVector<double> xs, ys;
        for (const auto& p : tradeoff.points)
            if (p.method == method) {
                xs << p.nfr * 100;
                ys << p.accuracy * 100;
                extend(xs.back(), ys.back());
            }
        if (xs.isEmpty())
            continue;
        QCPGraph* graph = plot->addGraph();
        graph->setName(method);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, methodColor(method), 9));
        graph->setProperty("method", method);
        graph->setData(xs, ys, /*alreadySorted=*/false);
    }

    // Each group of seeds: its mean as a hollow square with ± 1 sd error bars in both directions.
    for (const TradeoffGroup& group : tradeoff.groups) {
        QCPGraph* mean = plot->addGraph();
        mean->setName(QObject::tr("%1 (mean ± sd, n %2)").arg(group.label).arg(group.n));
        mean->setLineStyle(QCPGraph::lsNone);
        const QColor color = methodColor(group.method);
        mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(color, 2), Qt::white, 11));
        mean->setData({group.nfr * 100}, {group.accuracy * 100});
        mean->removeFromLegend();
        for (const bool alongNfr : {true, false}) {
            auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
            bars->removeFromLegend();
            bars->setDataPlottable(mean);
            bars->setErrorType(alongNfr ? QCPErrorBars::etKeyError : QCPErrorBars::etValueError);
            bars->setPen(QPen(color, 1.5));
            bars->setData(QVector<double>{(alongNfr ? group.nfrSd : group.accuracySd) * 100});
        }
        extend((group.nfr + group.nfrSd) * 100, (group.accuracy + group.accuracySd) * 100);
        extend(group.nfr * 100, (group.accuracy - group.accuracySd) * 100);
    }

    const QVector<int> front = paretoFront(tradeoff.points);
    if (!front.isEmpty()) {
        QVector<double> xs, ys;
        for (int i : front) {
            xs << tradeoff.points[i].nfr * 100;
            ys << tradeoff.points[i].accuracy * 100;
        }
        QCPGraph* line = plot->addGraph();
        line->setName(QObject::tr("Pareto front"));
        line->setPen(QPen(QColor(60, 60, 60), 1.2, Qt::DashLine));
        line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(60, 60, 60), 14));
        line->setData(xs, ys, true);
    }

    auto* reference = new QCPItemStraightLine(plot);
    reference->setPen(QPen(QColor(150, 150, 150), 1, Qt::DotLine));
    reference->point1->setCoords(0, tradeoff.referenceAccuracy * 100);
    reference->point2->setCoords(1, tradeoff.referenceAccuracy * 100);
    auto* label = new QCPItemText(plot);
    // At the right end of the line, clear of the y axis and of the points near NFR 0.
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    label->position->setTypeY(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(0.99, tradeoff.referenceAccuracy * 100);
    label->setText(QObject::tr("reference %1: %2").arg(tradeoff.referenceName, percent(tradeoff.referenceAccuracy)));
    label->setColor(QColor(110, 110, 110));

    if (minY > maxY)
        minY = maxY = 0;
    const double padY = std::max(0.5, (maxY - minY) * 0.12);
    plot->xAxis->setRange(0, maxX * 1.15 + 0.1);
    plot->yAxis->setRange(minY - padY, maxY + padY);
    // Under the plot: inside, the legend hid the reference's label and the points near it.
    placeLegendBelow(plot, 6);
    plot->replot();
}

TradeoffPlot::TradeoffPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("tradeoffPlot"));
    plot_->setMouseTracking(true);
    plot_->setMinimumSize(320, 240);
    plot_->setToolTip(tr("Each run against the reference: further up is more accurate, further left breaks "
                         "fewer of the reference's correct samples. Click a point to compare it with the "
                         "reference. A hollow square is a group of seeds (the same settings): its mean, with "
                         "error bars of one standard deviation over the seeds."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const int i = pointAt(event->position());
        if (i < 0) {
            QToolTip::hideText();
            return;
        }
        const auto& p = tradeoff_.points[i];
        QToolTip::showText(event->globalPosition().toPoint(),
                           tr("%1 (%2)\naccuracy %3, NFR %4%5")
                               .arg(p.name, p.method, percent(p.accuracy), percent(p.nfr),
                                    p.onFront ? tr("\non the Pareto front") : QString()),
                           plot_);
    });
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        const int i = pointAt(event->position());
        if (i >= 0)
            Q_EMIT runChosen(tradeoff_.referencePath, tradeoff_.points[i].path);
    });
}

void TradeoffPlot::setTradeoff(const Tradeoff& tradeoff)
{
    tradeoff_ = tradeoff;
    drawTradeoff(plot_, tradeoff_);
}

int TradeoffPlot::pointAt(const QPointF& pixel) const
{
    int best = -1;
    double bestDistance = 12.0;
    for (int i = 0; i < tradeoff_.points.size(); ++i) {
        const double x = plot_->xAxis->coordToPixel(tradeoff_.points[i].nfr * 100);
        const double y = plot_->yAxis->coordToPixel(tradeoff_.points[i].accuracy * 100);
        const double distance = std::hypot(x - pixel.x(), y - pixel.y());
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

} // namespace flipbench::ui
