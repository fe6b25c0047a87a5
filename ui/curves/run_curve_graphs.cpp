#include "ui/curves/run_curve_graphs.h"

#include "ui/curves/curve_plot_helpers.h"
#include "ui/curves/run_curves.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QFileInfo>

#include <cmath>
#include <optional>

namespace flipbench::ui {

namespace {

const std::array<const char*, LossComponentCount> kComponentLabels = {"total", "cross-entropy", "distillation"};
// The logged distillation term is the raw FD / LDI loss, before kd_loss_weight and kd_alpha scale
// it into the total: it can lie above the total, and the hover tip says why.
const std::array<const char*, LossComponentCount> kComponentHoverLabels = {"total", "cross-entropy",
                                                                           "distillation (unweighted)"};
// Components are told apart by line style, runs by colour.
const std::array<Qt::PenStyle, LossComponentCount> kComponentStyles = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
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

RunCurveGraphs::RunCurveGraphs(QString runDir, const QColor& color, QCustomPlot* lossPlot, QCustomPlot* accuracyPlot,
                               QCustomPlot* flipPlot)
    : runDir_(std::move(runDir)), color_(color), lossPlot_(lossPlot)
{
    name_ = QFileInfo(runDir_).fileName();
    if (name_.isEmpty())
        name_ = runDir_;
    for (int c : {Total, CrossEntropy})
        addLossGraphs(c);
    const QString prefix = name_ + QStringLiteral(" · ");
    testAccuracy_ =
        addEpochGraph(accuracyPlot, prefix + QStringLiteral("test"), color_, Qt::SolidLine, QCPScatterStyle::ssCircle);
    valAccuracy_ =
        addEpochGraph(accuracyPlot, prefix + QStringLiteral("val"), color_, Qt::DashLine, QCPScatterStyle::ssCircle);
    testNfr_ =
        addEpochGraph(flipPlot, prefix + QStringLiteral("test NFR"), color_, Qt::SolidLine, QCPScatterStyle::ssCircle);
    testPfr_ = addEpochGraph(flipPlot, prefix + QStringLiteral("test PFR"), color_, Qt::SolidLine,
                             QCPScatterStyle::ssTriangle);
    valNfr_ =
        addEpochGraph(flipPlot, prefix + QStringLiteral("val NFR"), color_, Qt::DashLine, QCPScatterStyle::ssCircle);
    valPfr_ =
        addEpochGraph(flipPlot, prefix + QStringLiteral("val PFR"), color_, Qt::DashLine, QCPScatterStyle::ssTriangle);
}

void RunCurveGraphs::addLossGraphs(int c)
{
    const QString name = name_ + QStringLiteral(" · ") + QLatin1String(kComponentLabels[c]);
    QColor faint = color_;
    faint.setAlpha(kRawAlpha);
    // Raw lines stay solid and thin whatever the component: dashes on noisy lines only blur.
    raw_[c] = addGraph(lossPlot_, name + QStringLiteral(" (raw)"), QPen(faint, 1));
    raw_[c]->setLayer(QStringLiteral("raw"));
    smoothed_[c] = addGraph(lossPlot_, name, QPen(color_, c == Total ? 2.0 : 1.6, kComponentStyles[c]));
}

void RunCurveGraphs::setDistillationGraphs(bool present)
{
    hasDistillation_ = present;
    if (!present) {
        lossPlot_->removeGraph(raw_[Distillation]);
        lossPlot_->removeGraph(smoothed_[Distillation]);
        raw_[Distillation] = smoothed_[Distillation] = nullptr;
        return;
    }
    if (!raw_[Distillation])
        addLossGraphs(Distillation);
}

void RunCurveGraphs::fillSteps(const QVector<StepSample>& steps, bool restart,
                               const std::function<double(const StepSample&)>& key, double smoothing)
{
    const int count = static_cast<int>(steps.size());
    // Live runs only grow: draw just the new steps, unless the curves changed under the drawn ones.
    if (count < plottedSteps_ || (plottedSteps_ > 0 && key(steps[plottedSteps_ - 1]) != lastPlottedKey_))
        restart = true;

    bool distillation = !restart && hasDistillation_;
    for (int i = restart ? 0 : plottedSteps_; i < count && !distillation; ++i)
        distillation = std::isfinite(steps[i].distillation) && steps[i].distillation != 0;
    if (distillation != hasDistillation_) {
        setDistillationGraphs(distillation);
        restart = true; // the new graphs need the whole curve
    }

    if (restart) {
        for (int c = 0; c < LossComponentCount; ++c) {
            if (raw_[c]) {
                raw_[c]->data()->clear();
                smoothed_[c]->data()->clear();
            }
            ema_[c] = Ema(smoothing);
        }
        plottedSteps_ = 0;
    }
    if (plottedSteps_ >= count)
        return;

    const int added = count - plottedSteps_;
    QVector<double> keys;
    std::array<QVector<double>, LossComponentCount> raw, smoothed;
    keys.reserve(added);
    for (int c = 0; c < LossComponentCount; ++c) {
        raw[c].reserve(added);
        smoothed[c].reserve(added);
    }
    for (int i = plottedSteps_; i < count; ++i) {
        const StepSample& sample = steps[i];
        keys.append(key(sample));
        const std::array<double, LossComponentCount> values = {sample.loss, sample.crossEntropy, sample.distillation};
        for (int c = 0; c < LossComponentCount; ++c) {
            raw[c].append(values[c]);
            smoothed[c].append(ema_[c].push(values[c]));
        }
    }
    for (int c = 0; c < LossComponentCount; ++c)
        if (raw_[c]) {
            raw_[c]->addData(keys, raw[c], /*alreadySorted=*/true);
            smoothed_[c]->addData(keys, smoothed[c], /*alreadySorted=*/true);
        }
    plottedSteps_ = count;
    lastPlottedKey_ = keys.constLast();
}

void RunCurveGraphs::fillEpochs(const QVector<EpochSample>& epochs)
{
    setPercentData(testAccuracy_, epochs, [](const EpochSample& e) { return std::optional<double>(e.testAccuracy); });
    setPercentData(valAccuracy_, epochs, [](const EpochSample& e) { return e.valAccuracy; });
    setPercentData(testNfr_, epochs, [](const EpochSample& e) { return e.testNfr; });
    setPercentData(testPfr_, epochs, [](const EpochSample& e) { return e.testPfr; });
    setPercentData(valNfr_, epochs, [](const EpochSample& e) { return e.valNfr; });
    setPercentData(valPfr_, epochs, [](const EpochSample& e) { return e.valPfr; });
}

void RunCurveGraphs::setComponentShown(int component, bool shown)
{
    if (raw_[component]) {
        raw_[component]->setVisible(shown);
        smoothed_[component]->setVisible(shown);
    }
}

bool RunCurveGraphs::hasEpochs() const
{
    return hasData(testAccuracy_) || hasData(valAccuracy_);
}

bool RunCurveGraphs::hasFlipRates() const
{
    return hasData(testNfr_) || hasData(testPfr_) || hasData(valNfr_) || hasData(valPfr_);
}

QCPGraph* RunCurveGraphs::legendGraph() const
{
    for (QCPGraph* graph : smoothed_)
        if (graph && graph->visible() && hasData(graph))
            return graph;
    return nullptr;
}

std::pair<QString, int> RunCurveGraphs::describe(const QCPGraph* graph) const
{
    if (!graph)
        return {};
    for (int c = 0; c < LossComponentCount; ++c)
        if (graph == raw_[c] || graph == smoothed_[c])
            return {QLatin1String(kComponentHoverLabels[c]), c};
    const std::array<std::pair<const QCPGraph*, const char*>, 6> epochSeries = {
        std::pair{testAccuracy_, "test accuracy"},
        std::pair{valAccuracy_, "val accuracy"},
        std::pair{testNfr_, "test NFR"},
        std::pair{testPfr_, "test PFR"},
        std::pair{valNfr_, "val NFR"},
        std::pair{valPfr_, "val PFR"}};
    for (const auto& [candidate, label] : epochSeries)
        if (graph == candidate)
            return {QLatin1String(label), -1};
    return {};
}

} // namespace flipbench::ui
