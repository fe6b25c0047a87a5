// CurvesPanel: the graphs of each run and the data they draw (widgets and interaction are in
// curves_panel.cpp).

#include "ui/curves/curves_panel.h"

#include "ui/curves/curve_plot_helpers.h"
#include "ui/curves/curve_store.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QFileInfo>

#include <cmath>
#include <optional>

namespace flipbench::ui {

namespace {

const std::array<const char*, 3> kComponentLabels = {"total", "cross-entropy", "distillation"};
// The logged distillation term is the raw FD / LDI loss, before kd_loss_weight and kd_alpha scale
// it into the total: it can lie above the total, and the hover tip says why.
const std::array<const char*, 3> kComponentHoverLabels = {"total", "cross-entropy", "distillation (unweighted)"};
// Components are told apart by line style, runs by colour.
const std::array<Qt::PenStyle, 3> kComponentStyles = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
constexpr int kRawAlpha = 50;

QCPGraph* addEpochGraph(QCustomPlot* plot, const QString& name, const QColor& color, Qt::PenStyle style,
                        QCPScatterStyle::ScatterShape shape)
{
    QCPGraph* graph = addGraph(plot, name, QPen(color, 1.6, style));
    // Epochs are few: mark every point so single epochs and gaps stay visible.
    graph->setScatterStyle(QCPScatterStyle(shape, QPen(color, 1.5), QBrush(Qt::white), 7));
    return graph;
}

void setPercentData(QCPGraph* graph, const QVector<EpochSample>& epochs,
                    std::optional<double> (*value)(const EpochSample&))
{
    QVector<double> keys, values;
    keys.reserve(epochs.size());
    values.reserve(epochs.size());
    for (const auto& epoch : epochs) {
        const auto v = value(epoch);
        if (v && std::isfinite(*v)) {
            keys.append(epoch.epoch);
            values.append(*v * 100);
        }
    }
    graph->setData(keys, values, /*alreadySorted=*/true);
}

bool hasData(const QCPGraph* graph)
{
    return graph && !graph->data()->isEmpty();
}

} // namespace

void CurvesPanel::rebuildGraphs()
{
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_, flipPlot_})
        plot->clearGraphs();
    // Plain ranges for a selection without data, instead of the last selection's.
    fitting_ = true;
    lossPlot_->xAxis->setRange(0, 1);
    lossPlot_->yAxis->setRange(0, 1);
    accuracyPlot_->xAxis->setRange(0.5, 5.5);
    accuracyPlot_->yAxis->setRange(0, 100);
    flipPlot_->xAxis->setRange(0.5, 5.5);
    flipPlot_->yAxis->setRange(0, 10);
    fitting_ = false;
    runs_.clear();
    runs_.reserve(static_cast<size_t>(runDirs_.size()));
    for (int i = 0; i < runDirs_.size(); ++i) {
        RunGraphs run;
        run.runDir = runDirs_[i];
        run.name = QFileInfo(run.runDir).fileName();
        if (run.name.isEmpty())
            run.name = run.runDir;
        run.color = runColor(i);
        for (int c : {Total, CrossEntropy}) {
            const QString name = run.name + QStringLiteral(" · ") + QLatin1String(kComponentLabels[c]);
            QColor faint = run.color;
            faint.setAlpha(kRawAlpha);
            // Raw lines stay solid and thin whatever the component: dashes on noisy lines only blur.
            run.raw[c] = addGraph(lossPlot_, name + QStringLiteral(" (raw)"), QPen(faint, 1));
            run.raw[c]->setLayer(QStringLiteral("raw"));
            run.smoothed[c] = addGraph(lossPlot_, name, QPen(run.color, c == Total ? 2.0 : 1.6, kComponentStyles[c]));
        }
        createEpochGraphs(run);
        runs_.push_back(run);
    }
    for (auto& run : runs_) {
        fillSteps(run, true);
        fillEpochs(run);
    }
    groups_.clear();
    for (const CurveGroup& wanted : groupsWanted_) {
        // The colour of its first run, so the band sits in the colour of its seeds' lines.
        const int first = int(runDirs_.indexOf(wanted.runDirs.value(0)));
        groups_.emplace_back(wanted, runColor(std::max(0, first)), accuracyPlot_, flipPlot_);
        groups_.back().fill(*store_);
    }
    // The epoch plots' subtitles say what the thick lines are while groups are drawn.
    for (QCustomPlot* plot : {accuracyPlot_, flipPlot_})
        if (auto* subtitle = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(1, 0))) {
            if (!subtitle->property("plainText").isValid())
                subtitle->setProperty("plainText", subtitle->text());
            const QString plain = subtitle->property("plainText").toString();
            subtitle->setText(groups_.empty() ? plain : plain + tr(" · thick + band: a group's mean ± sd"));
        }
    dataChanged();
}

void CurvesPanel::createEpochGraphs(RunGraphs& run)
{
    const QString prefix = run.name + QStringLiteral(" · ");
    run.testAccuracy = addEpochGraph(accuracyPlot_, prefix + QStringLiteral("test"), run.color, Qt::SolidLine,
                                     QCPScatterStyle::ssCircle);
    run.valAccuracy = addEpochGraph(accuracyPlot_, prefix + QStringLiteral("val"), run.color, Qt::DashLine,
                                    QCPScatterStyle::ssCircle);
    run.testNfr = addEpochGraph(flipPlot_, prefix + QStringLiteral("test NFR"), run.color, Qt::SolidLine,
                                QCPScatterStyle::ssCircle);
    run.testPfr = addEpochGraph(flipPlot_, prefix + QStringLiteral("test PFR"), run.color, Qt::SolidLine,
                                QCPScatterStyle::ssTriangle);
    run.valNfr = addEpochGraph(flipPlot_, prefix + QStringLiteral("val NFR"), run.color, Qt::DashLine,
                               QCPScatterStyle::ssCircle);
    run.valPfr = addEpochGraph(flipPlot_, prefix + QStringLiteral("val PFR"), run.color, Qt::DashLine,
                               QCPScatterStyle::ssTriangle);
}

void CurvesPanel::setDistillationGraphs(RunGraphs& run, bool present)
{
    run.hasDistillation = present;
    if (!present) {
        lossPlot_->removeGraph(run.raw[Distillation]);
        lossPlot_->removeGraph(run.smoothed[Distillation]);
        run.raw[Distillation] = run.smoothed[Distillation] = nullptr;
        return;
    }
    if (run.raw[Distillation])
        return;
    const QString name = run.name + QStringLiteral(" · ") + QLatin1String(kComponentLabels[Distillation]);
    QColor faint = run.color;
    faint.setAlpha(kRawAlpha);
    run.raw[Distillation] = addGraph(lossPlot_, name + QStringLiteral(" (raw)"), QPen(faint, 1));
    run.raw[Distillation]->setLayer(QStringLiteral("raw"));
    run.smoothed[Distillation] = addGraph(lossPlot_, name, QPen(run.color, 1.6, kComponentStyles[Distillation]));
}

double CurvesPanel::stepKey(const StepSample& sample) const
{
    return epochAxis() ? sample.epochPosition : static_cast<double>(sample.globalStep);
}

void CurvesPanel::fillSteps(RunGraphs& run, bool restart)
{
    const QVector<StepSample>& steps = store_->curves(run.runDir).steps;
    const int count = static_cast<int>(steps.size());
    // Live runs only grow: draw just the new steps, unless the curves changed under the drawn ones
    // (re-read after a resume, or epoch positions corrected once the epoch length was known).
    if (count < run.plottedSteps ||
        (run.plottedSteps > 0 && stepKey(steps[run.plottedSteps - 1]) != run.lastPlottedKey))
        restart = true;

    bool distillation = !restart && run.hasDistillation;
    for (int i = restart ? 0 : run.plottedSteps; i < count && !distillation; ++i)
        distillation = std::isfinite(steps[i].distillation) && steps[i].distillation != 0;
    if (distillation != run.hasDistillation) {
        setDistillationGraphs(run, distillation);
        restart = true; // the new graphs need the whole curve
    }

    if (restart) {
        for (int c = 0; c < ComponentCount; ++c) {
            if (run.raw[c]) {
                run.raw[c]->data()->clear();
                run.smoothed[c]->data()->clear();
            }
            run.ema[c] = Ema(smoothing());
        }
        run.plottedSteps = 0;
    }
    if (run.plottedSteps >= count)
        return;

    const int added = count - run.plottedSteps;
    QVector<double> keys;
    std::array<QVector<double>, ComponentCount> raw, smoothed;
    keys.reserve(added);
    for (int c = 0; c < ComponentCount; ++c) {
        raw[c].reserve(added);
        smoothed[c].reserve(added);
    }
    for (int i = run.plottedSteps; i < count; ++i) {
        const StepSample& sample = steps[i];
        keys.append(stepKey(sample));
        const std::array<double, ComponentCount> values = {sample.loss, sample.crossEntropy, sample.distillation};
        for (int c = 0; c < ComponentCount; ++c) {
            raw[c].append(values[c]);
            smoothed[c].append(run.ema[c].push(values[c]));
        }
    }
    for (int c = 0; c < ComponentCount; ++c)
        if (run.raw[c]) {
            run.raw[c]->addData(keys, raw[c], /*alreadySorted=*/true);
            run.smoothed[c]->addData(keys, smoothed[c], /*alreadySorted=*/true);
        }
    run.plottedSteps = count;
    run.lastPlottedKey = keys.constLast();
}

void CurvesPanel::fillEpochs(RunGraphs& run)
{
    const QVector<EpochSample>& epochs = store_->curves(run.runDir).epochs;
    setPercentData(run.testAccuracy, epochs,
                   [](const EpochSample& e) { return std::optional<double>(e.testAccuracy); });
    setPercentData(run.valAccuracy, epochs, [](const EpochSample& e) { return e.valAccuracy; });
    setPercentData(run.testNfr, epochs, [](const EpochSample& e) { return e.testNfr; });
    setPercentData(run.testPfr, epochs, [](const EpochSample& e) { return e.testPfr; });
    setPercentData(run.valNfr, epochs, [](const EpochSample& e) { return e.valNfr; });
    setPercentData(run.valPfr, epochs, [](const EpochSample& e) { return e.valPfr; });
}

void CurvesPanel::applyVisibility()
{
    bool anyDistillation = false;
    for (auto& run : runs_) {
        anyDistillation = anyDistillation || run.hasDistillation;
        for (int c = 0; c < ComponentCount; ++c)
            if (run.raw[c]) {
                const bool shown = showComponent_[c]->isChecked();
                run.raw[c]->setVisible(shown);
                run.smoothed[c]->setVisible(shown);
            }
    }
    // Kept checkable state, but greyed out while no shown run has a distillation term.
    showComponent_[Distillation]->setEnabled(anyDistillation);
}

void CurvesPanel::updateLegends()
{
    // One legend, on the loss plot, with one entry per run (its colour in every plot). Line styles
    // and markers are explained once in the plots' subtitles, so the legend stays short however
    // many runs are overlaid and never covers the small epoch plots.
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_, flipPlot_})
        plot->legend->clearItems();
    for (const auto& run : runs_) {
        for (QCPGraph* graph : run.smoothed)
            if (graph && graph->visible() && hasData(graph)) {
                graph->addToLegend();
                break;
            }
    }
    // In a row under the loss plot: a legend inside the axis rect covered the newest steps.
    placeLegendBelow(lossPlot_, 4);
    accuracyPlot_->legend->setVisible(false);
    flipPlot_->legend->setVisible(false);
}

void CurvesPanel::updateMessages()
{
    bool anySteps = false, anyEpochs = false, anyFlips = false;
    for (const auto& run : runs_) {
        anySteps = anySteps || run.plottedSteps > 0;
        anyEpochs = anyEpochs || hasData(run.testAccuracy) || hasData(run.valAccuracy);
        anyFlips =
            anyFlips || hasData(run.testNfr) || hasData(run.testPfr) || hasData(run.valNfr) || hasData(run.valPfr);
    }
    lossMessage_->setVisible(!anySteps);
    accuracyMessage_->setVisible(!anyEpochs);
    // Any run with a reference has flip rates, a baseline too: what is missing is the reference.
    flipMessage_->setText(anyEpochs ? tr("No reference model: NFR/PFR need a run with a reference\n"
                                         "(a baseline can have one too)")
                                    : tr("No epoch finished yet"));
    flipMessage_->setVisible(!anyFlips);
}

void CurvesPanel::dataChanged()
{
    applyVisibility();
    updateLegends();
    updateMessages();
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_, flipPlot_})
        if (followsData(plot))
            fit(plot);
    requestReplot();
}

void CurvesPanel::fit(QCustomPlot* plot)
{
    fitting_ = true;
    fitAxesToData(plot, plot == lossPlot_ ? 0.0 : 0.5);
    fitting_ = false;
}

void CurvesPanel::requestReplot()
{
    // A hidden panel (another tab) draws nothing; it catches up when shown.
    if (!isVisible()) {
        replotPending_ = true;
        return;
    }
    replotPending_ = false;
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_, flipPlot_})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

CurvesPanel::Series CurvesPanel::seriesOf(const QCPGraph* graph) const
{
    for (const auto& run : runs_) {
        for (int c = 0; c < ComponentCount; ++c)
            if (graph && (graph == run.raw[c] || graph == run.smoothed[c]))
                return {&run, QLatin1String(kComponentHoverLabels[c]), c};
        const std::array<std::pair<const QCPGraph*, const char*>, 6> epochSeries = {
            std::pair{run.testAccuracy, "test accuracy"},
            std::pair{run.valAccuracy, "val accuracy"},
            std::pair{run.testNfr, "test NFR"},
            std::pair{run.testPfr, "test PFR"},
            std::pair{run.valNfr, "val NFR"},
            std::pair{run.valPfr, "val PFR"}};
        for (const auto& [candidate, label] : epochSeries)
            if (graph == candidate)
                return {&run, QLatin1String(label), -1};
    }
    return {};
}

} // namespace flipbench::ui
