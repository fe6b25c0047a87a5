#include "ui/report/report_plots.h"

#include "ui/curves/curve_plot_helpers.h"
#include "ui/curves/curve_smoothing.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/compare/tradeoff.h"

#include <QGuiApplication>
#include <QPageSize>

#include <functional>
#include <optional>

namespace flipbench::ui {

namespace {

constexpr qreal kPageMarginX = 48; // ReportCanvas's side margins
constexpr double kLossSmoothing = 0.6;
constexpr qreal kSideBySideGap = 12; // accuracy and NFR share a row

QFont plotFont(qreal points)
{
    QFont font = QGuiApplication::font();
    font.setFamilies(
        {QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"), QStringLiteral("Arial"), font.family()});
    font.setPointSizeF(points);
    font.setStyleStrategy(QFont::PreferNoShaping); // no ligatures: labels stay searchable text
    return font;
}

/// Records `plot` at `size` points: the picture device counts in its own dpi, which the 72 dpi
/// PDF writer scales back on replay.
ReportPlot record(QCustomPlot* plot, QSizeF size)
{
    ReportPlot result;
    result.size = size;
    const qreal scale = result.picture.logicalDpiX() / 72.0;
    QCPPainter painter(&result.picture);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNonCosmetic); // lines keep their width when the picture is scaled
    plot->toPainter(&painter, qRound(size.width() * scale), qRound(size.height() * scale));
    painter.end();
    return result;
}

void addRunGraph(QCustomPlot* plot, int run, const QString& name, const QVector<double>& x, const QVector<double>& y)
{
    if (x.isEmpty())
        return;
    QCPGraph* graph = plot->addGraph();
    graph->setName(name);
    graph->setPen(QPen(runColor(run), 1.4));
    if (x.size() < 40)
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, runColor(run), 4));
    graph->setData(x, y, /*alreadySorted=*/true);
    graph->addToLegend();
}

/// One line per run of `value(epoch)` in percent; runs without the value are left out.
void addEpochGraphs(QCustomPlot* plot, const ReportData& data,
                    const std::function<std::optional<double>(const EpochSample&)>& value)
{
    for (int r = 0; r < data.runs.size(); ++r) {
        QVector<double> x, y;
        for (const EpochSample& e : data.runs[r].curves.epochs)
            if (const auto v = value(e)) {
                x << e.epoch;
                y << *v * 100.0;
            }
        addRunGraph(plot, r, data.runs[r].name, x, y);
    }
}

/// The curve plots name no runs: the report draws one key for the three of them above the loss
/// plot (drawCurvesSection), instead of the same run names once per plot, interleaved.
void withoutLegend(QCustomPlot* plot)
{
    plot->legend->setVisible(false);
}

void finish(QCustomPlot* plot, double keyMargin, const QString& emptyMessage)
{
    fitAxesToData(plot, keyMargin);
    if (plot->graphCount() == 0)
        addCenteredMessage(plot, emptyMessage, plotFont(8))->setVisible(true);
}

void drawLoss(QCustomPlot* plot, const ReportData& data)
{
    stylePlot(plot, QObject::tr("Training cross-entropy"), QObject::tr("epoch"), QObject::tr("loss"), plotFont(7.5));
    for (int r = 0; r < data.runs.size(); ++r) {
        QVector<double> x, y;
        for (const StepSample& s : data.runs[r].curves.steps) {
            x << s.epochPosition;
            y << s.crossEntropy;
        }
        addRunGraph(plot, r, data.runs[r].name, x, emaSmooth(y, kLossSmoothing));
    }
    withoutLegend(plot);
    finish(plot, 0, QObject::tr("No training steps recorded (imported or hand-made runs)"));
}

void drawAccuracy(QCustomPlot* plot, const ReportData& data)
{
    stylePlot(plot, QObject::tr("Test accuracy per epoch"), QObject::tr("epoch"), QObject::tr("accuracy (%)"),
              plotFont(7.5));
    addEpochGraphs(plot, data, [](const EpochSample& e) { return std::optional<double>(e.testAccuracy); });
    withoutLegend(plot);
    finish(plot, 0.3, QObject::tr("No epochs recorded"));
}

void drawNfr(QCustomPlot* plot, const ReportData& data)
{
    stylePlot(plot, QObject::tr("Test NFR per epoch"), QObject::tr("epoch"), QObject::tr("NFR (%)"), plotFont(7.5));
    addEpochGraphs(plot, data, [](const EpochSample& e) { return e.testNfr; });
    withoutLegend(plot);
    finish(plot, 0.3, QObject::tr("No run trained against a reference"));
}

void drawScatter(QCustomPlot* plot, const ReportData& data)
{
    stylePlot(plot, QObject::tr("Accuracy vs. NFR against %1").arg(data.runs[0].name), QString(), QString(),
              plotFont(7.5));
    const Tradeoff tradeoff = tradeoffAgainst(*data.pairwise, 0);
    drawTradeoff(plot, tradeoff);
    for (int i = 0; i < plot->itemCount(); ++i) // the reference line's label, at the report's size
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
            text->setFont(plotFont(7));
    // On paper there is no hover tip: name every point.
    for (const TradeoffPoint& p : tradeoff.points) {
        auto* label = new QCPItemText(plot);
        label->position->setCoords(p.nfr * 100, p.accuracy * 100);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(5, 0, 0, 2));
        label->setText(p.name);
        label->setFont(plotFont(6.5));
        label->setColor(QColor(60, 60, 60));
    }
    for (int i = 0; i < plot->graphCount(); ++i)
        plot->graph(i)->addToLegend();
    placeLegendBelow(plot, 5);
    plot->replot();
}

} // namespace

ReportPlot& ReportPlots::of(ReportPlotKind kind)
{
    switch (kind) {
    case ReportPlotKind::Loss:
        return loss;
    case ReportPlotKind::Accuracy:
        return accuracy;
    case ReportPlotKind::Nfr:
        return nfr;
    case ReportPlotKind::Tradeoff:
        break;
    }
    return tradeoff;
}

QVector<ReportPlotKind> reportPlotKinds(const ReportData& data)
{
    QVector<ReportPlotKind> kinds;
    if (data.options.has(ReportSection::Curves))
        kinds << ReportPlotKind::Loss << ReportPlotKind::Accuracy << ReportPlotKind::Nfr;
    if (data.pairwise)
        kinds << ReportPlotKind::Tradeoff;
    return kinds;
}

qreal reportContentWidth(QPageSize::PageSizeId pageSize)
{
    return QPageSize(pageSize).size(QPageSize::Point).width() - 2 * kPageMarginX;
}

ReportPlot renderReportPlot(ReportPlotKind kind, const ReportData& data)
{
    const qreal width = reportContentWidth(data.options.pageSize);
    QCustomPlot plot;
    switch (kind) {
    case ReportPlotKind::Loss:
        drawLoss(&plot, data);
        return record(&plot, {width, 210});
    case ReportPlotKind::Accuracy:
        drawAccuracy(&plot, data);
        return record(&plot, {(width - kSideBySideGap) / 2, 230});
    case ReportPlotKind::Nfr:
        drawNfr(&plot, data);
        return record(&plot, {(width - kSideBySideGap) / 2, 230});
    case ReportPlotKind::Tradeoff:
        if (!data.pairwise)
            return ReportPlot();
        drawScatter(&plot, data);
        return record(&plot, {width, 300});
    }
    return ReportPlot();
}

} // namespace flipbench::ui
