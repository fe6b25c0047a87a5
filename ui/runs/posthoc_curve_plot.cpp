#include "ui/runs/posthoc_curve_plot.h"

#include "flipbench/posthoc/posthoc_curve_file.h"
#include "ui/curves/curve_plot_helpers.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace flipbench::ui {

PosthocCurvePlot::PosthocCurvePlot(QWidget* parent) : QWidget(parent)
{
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("posthocCurvePlot"));
    plot_->setMinimumHeight(260);
    caption_ = new QLabel(this);
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Styled once (stylePlot adds the title row): accuracy on the left axis, NFR on the right,
    // each with its own range (stylePlot ties the right axis to the left one: untied here).
    stylePlot(plot_, QString(), tr("weight"), tr("accuracy (%)"), font());
    QObject::disconnect(plot_->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot_->yAxis2,
                        qOverload<const QCPRange&>(&QCPAxis::setRange));
    plot_->yAxis2->setTicks(true);
    plot_->yAxis2->setTickLabels(true);
    plot_->yAxis2->setLabel(tr("NFR against the old model (%)"));
    plot_->yAxis2->setLabelFont(plot_->yAxis->labelFont());
    plot_->yAxis2->setTickLabelFont(plot_->yAxis->tickLabelFont());
    plot_->setInteractions(QCP::Interactions()); // a fixed view: the axes show the whole grid
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_, 1);
    layout->addWidget(caption_);
    setVisible(false);
}

void PosthocCurvePlot::showRun(const QString& runDir)
{
    std::optional<PosthocCurveRecord> record;
    try {
        if (!runDir.isEmpty())
            record = readPosthocCurve(runDir.toStdString());
    } catch (const std::exception& e) {
        plot_->setVisible(false);
        caption_->setText(QString::fromStdString(e.what()));
        setVisible(true);
        return;
    }
    if (!record) {
        setVisible(false);
        return;
    }
    plot_->setVisible(true);
    draw(*record);
    setVisible(true);
}

void PosthocCurvePlot::draw(const PosthocCurveRecord& record)
{
    const QString parameter = QString::fromStdString(record.parameter);
    const bool fusion = record.kind == "logit_fusion";
    plot_->clearGraphs();
    plot_->clearItems();
    if (auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)))
        title->setText(fusion ? tr("Logit fusion: (1 - b) new + b old")
                              : tr("Weight interpolation: (1 - a) new + a old"));
    plot_->xAxis->setLabel(fusion ? tr("b (0 = new model, 1 = old model)")
                                  : tr("a (0 = new weights, 1 = old weights)"));
    QVector<double> w, valAcc, testAcc, valNfr, testNfr;
    for (const PosthocPoint& p : record.curve.points) {
        w << p.weight;
        valAcc << p.valAccuracy * 100;
        testAcc << p.testAccuracy * 100;
        valNfr << p.valNfr * 100;
        testNfr << p.testNfr * 100;
    }
    const QColor accuracy(0, 114, 178), nfr(213, 94, 0);
    addGraph(plot_, tr("test accuracy"), QPen(accuracy, 2))->setData(w, testAcc);
    addGraph(plot_, tr("validation accuracy"), QPen(accuracy, 1.5, Qt::DashLine))->setData(w, valAcc);
    QCPGraph* testNfrGraph = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    testNfrGraph->setName(tr("test NFR"));
    testNfrGraph->setPen(QPen(nfr, 2));
    testNfrGraph->setData(w, testNfr);
    QCPGraph* valNfrGraph = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    valNfrGraph->setName(tr("validation NFR"));
    valNfrGraph->setPen(QPen(nfr, 1.5, Qt::DashLine));
    valNfrGraph->setData(w, valNfr);
    plot_->legend->clearItems();
    for (int g = 0; g < plot_->graphCount(); ++g) {
        plot_->graph(g)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        plot_->graph(g)->addToLegend();
    }
    // Ranges from the data, each axis on its own: accuracy tight around its values, NFR from 0.
    auto bounds = [](const QVector<double>& a, const QVector<double>& b) {
        double low = a.value(0), high = a.value(0);
        for (const QVector<double>* v : {&a, &b})
            for (double x : *v) {
                low = std::min(low, x);
                high = std::max(high, x);
            }
        return std::make_pair(low, high);
    };
    const auto [accLow, accHigh] = bounds(valAcc, testAcc);
    const double nfrHigh = bounds(valNfr, testNfr).second; // NFR's axis starts at 0
    plot_->xAxis->setRange(-0.02, 1.02);
    const double pad = std::max(0.5, (accHigh - accLow) * 0.1);
    plot_->yAxis->setRange(accLow - pad, accHigh + pad);
    plot_->yAxis2->setTickLabels(true);
    plot_->yAxis2->setRange(0, nfrHigh * 1.15 + 0.1);

    const PosthocPoint& chosen = record.curve.points.at(record.curve.chosen);
    auto* line = new QCPItemStraightLine(plot_);
    line->point1->setCoords(chosen.weight, 0);
    line->point2->setCoords(chosen.weight, 1);
    line->setPen(QPen(QColor(86, 86, 86), 1, Qt::DotLine));
    placeLegendBelow(plot_, 4);
    plot_->replot();
    caption_->setText(tr("Chosen on validation: %1. At %2 = %3: test accuracy %4%, NFR %5%.")
                          .arg(QString::fromStdString(record.curve.reason), parameter)
                          .arg(chosen.weight)
                          .arg(chosen.testAccuracy * 100, 0, 'f', 2)
                          .arg(chosen.testNfr * 100, 0, 'f', 2));
}

} // namespace flipbench::ui
