#include "ui/curves/curves_panel.h"

#include "ui/curves/curve_plot_helpers.h"
#include "ui/curves/curve_store.h"
#include "ui/widgets/number_format.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace flipbench::ui {

namespace {

const QString kExportDirKey = QStringLiteral("curves/exportDir");

// Sizes used when the panel is not on screen (exports from tests or a hidden tab).
const QSize kLossExportSize(900, 450);
const QSize kEpochExportSize(450, 340);

const QString kSmoothingKey = QStringLiteral("curves/smoothing");
const QString kXAxisKey = QStringLiteral("curves/xAxis");
constexpr double kDefaultSmoothing = 0.6;
constexpr double kHoverPixels = 12;

} // namespace

CurvesPanel::CurvesPanel(CurveStore* store, QWidget* parent) : QWidget(parent), store_(store)
{
    auto* hint = new QLabel(tr("Select runs in the table to see their curves"));
    hint->setObjectName(QStringLiteral("emptyHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));

    auto* content = new QWidget;
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(buildControls());
    contentLayout->addWidget(buildPlots(), 1);

    pages_ = new QStackedWidget;
    pages_->addWidget(hint);
    pages_->addWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages_);

    connect(store_, &CurveStore::curvesChanged, this, &CurvesPanel::onCurvesChanged);
}

CurvesPanel::~CurvesPanel() = default;

QWidget* CurvesPanel::buildControls()
{
    // Two rows: in one, the controls alone needed about 950 pixels, more than the curves get beside
    // the queue in a 1024-pixel window.
    auto* controls = new QWidget;
    auto* rows = new QVBoxLayout(controls);
    rows->setContentsMargins(4, 4, 4, 0);
    rows->setSpacing(2);
    auto* row = new QHBoxLayout;
    auto* secondRow = new QHBoxLayout;
    rows->addLayout(row);
    rows->addLayout(secondRow);

    const std::array<std::pair<QString, QString>, LossComponentCount> components = {
        std::pair{QStringLiteral("showTotal"), tr("Total")},
        std::pair{QStringLiteral("showCrossEntropy"), tr("Cross-entropy")},
        std::pair{QStringLiteral("showDistillation"), tr("Distillation")}};
    row->addWidget(new QLabel(tr("Show:")));
    for (int c = 0; c < LossComponentCount; ++c) {
        auto* box = new QCheckBox(components[c].second);
        box->setObjectName(components[c].first);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, [this] {
            applyVisibility();
            updateLegends();
            requestReplot();
        });
        showComponent_[c] = box;
        row->addWidget(box);
    }
    showComponent_[Total]->setToolTip(tr("The loss that was back-propagated (solid lines)"));
    showComponent_[CrossEntropy]->setToolTip(tr("Cross-entropy with the labels (dashed lines)"));
    showComponent_[Distillation]->setToolTip(
        tr("The FD / LDI term against the reference (dotted lines), unweighted: the total adds it scaled by the "
           "distillation weight (and the mix weight α), so it can lie above the total"));

    const QSettings settings;
    const double savedSmoothing = std::clamp(settings.value(kSmoothingKey, kDefaultSmoothing).toDouble(), 0.0, 0.99);
    secondRow->addWidget(new QLabel(tr("Smoothing:")));
    smoothingSlider_ = new QSlider(Qt::Horizontal);
    smoothingSlider_->setObjectName(QStringLiteral("smoothingSlider"));
    smoothingSlider_->setRange(0, 99);
    smoothingSlider_->setValue(qRound(savedSmoothing * 100));
    smoothingSlider_->setFixedWidth(120);
    smoothingSlider_->setToolTip(tr("Exponential moving average of the loss curves (0 = raw)"));
    smoothingValue_ = new QLabel;
    smoothingValue_->setObjectName(QStringLiteral("smoothingValue"));
    smoothingValue_->setMinimumWidth(smoothingValue_->fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    smoothingValue_->setText(QString::number(smoothing(), 'f', 2));
    connect(smoothingSlider_, &QSlider::valueChanged, this, &CurvesPanel::onSmoothingChanged);
    secondRow->addWidget(smoothingSlider_);
    secondRow->addWidget(smoothingValue_);
    secondRow->addSpacing(16);

    secondRow->addWidget(new QLabel(tr("x axis:")));
    xAxisCombo_ = new QComboBox;
    xAxisCombo_->setObjectName(QStringLiteral("xAxisCombo"));
    xAxisCombo_->addItems({tr("Steps"), tr("Epochs")});
    xAxisCombo_->setCurrentIndex(settings.value(kXAxisKey).toString() == QLatin1String("epochs") ? 1 : 0);
    connect(xAxisCombo_, qOverload<int>(&QComboBox::currentIndexChanged), this, &CurvesPanel::onXAxisChanged);
    secondRow->addWidget(xAxisCombo_);
    secondRow->addSpacing(16);

    // A distillation term can be orders of magnitude above the cross-entropy (L2 on logits):
    // on a log axis both stay readable.
    logScale_ = new QCheckBox(tr("Log scale"));
    logScale_->setObjectName(QStringLiteral("logScaleCheck"));
    logScale_->setToolTip(tr("Draw the loss on a logarithmic axis, so large and small loss terms are both readable"));
    logScale_->setChecked(settings.value(QStringLiteral("curves/logScale"), false).toBool());
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("curves/logScale"), on);
        applyLossScale();
        fit(lossPlot_);
        requestReplot();
    });
    secondRow->addWidget(logScale_);
    secondRow->addStretch(1);

    row->addStretch(1);
    auto* reset = new QPushButton(tr("Reset view"));
    reset->setObjectName(QStringLiteral("resetViewButton"));
    reset->setToolTip(tr("Fit the plots to the data again (drag to pan, wheel to zoom)"));
    connect(reset, &QPushButton::clicked, this, &CurvesPanel::resetView);
    row->addWidget(reset);

    auto* exportButton = new QPushButton(tr("Export…"));
    exportButton->setObjectName(QStringLiteral("exportButton"));
    auto* menu = new QMenu(exportButton);
    const auto addExport = [&](const QString& name, const QString& text, bool epochPlots, bool pdf) {
        QAction* action = menu->addAction(text);
        action->setObjectName(name);
        connect(action, &QAction::triggered, this, [this, epochPlots, pdf] { exportFromMenu(epochPlots, pdf); });
    };
    addExport(QStringLiteral("exportLossPng"), tr("Loss plot as PNG…"), false, false);
    addExport(QStringLiteral("exportLossPdf"), tr("Loss plot as PDF…"), false, true);
    addExport(QStringLiteral("exportEpochsPng"), tr("Epoch plots as PNG…"), true, false);
    addExport(QStringLiteral("exportEpochsPdf"), tr("Epoch plots as PDF…"), true, true);
    exportButton->setMenu(menu);
    row->addWidget(exportButton);
    return controls;
}

QWidget* CurvesPanel::buildPlots()
{
    const QFont plotFont = font();
    const auto makePlot = [&](const QString& name, const QString& title, const QString& xLabel, const QString& yLabel) {
        auto* plot = new QCustomPlot;
        plot->setObjectName(name);
        plot->setMinimumSize(220, 140); // small enough that 700-pixel-high windows still work
        stylePlot(plot, title, xLabel, yLabel, plotFont);
        connect(plot, &QCustomPlot::mouseMove, this, [this, plot](QMouseEvent* event) { showHoverTip(plot, event); });
        // Any range change that fit() did not make is the user's pan or zoom: stop following.
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis})
            connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this, plot] {
                if (!fitting_)
                    followsData(plot) = false;
            });
        return plot;
    };
    lossPlot_ =
        makePlot(QStringLiteral("lossPlot"), tr("Training loss"), epochAxis() ? tr("epoch") : tr("step"), tr("loss"));
    accuracyPlot_ =
        makePlot(QStringLiteral("accuracyPlot"), tr("Accuracy per epoch"), tr("epoch"), tr("test accuracy (%)"));
    flipPlot_ = makePlot(QStringLiteral("flipPlot"), tr("Flips against the reference"), tr("epoch"),
                         tr("rate vs reference (%)"));

    // Line styles and markers, explained once under each title (the legend names only the runs).
    const auto addSubtitle = [&](QCustomPlot* plot, const QString& text) {
        QFont small = plotFont;
        if (small.pointSizeF() > 0)
            small.setPointSizeF(small.pointSizeF() * 0.85);
        plot->plotLayout()->insertRow(1);
        auto* subtitle = new QCPTextElement(plot, text, small);
        subtitle->setTextColor(QColor(110, 110, 110));
        plot->plotLayout()->addElement(1, 0, subtitle);
    };
    addSubtitle(lossPlot_, tr("solid: total · dashed: cross-entropy · dotted: distillation (unweighted) · faint: raw"));
    addSubtitle(accuracyPlot_, tr("solid: test · dashed: validation"));
    addSubtitle(flipPlot_, tr("○ NFR · △ PFR · solid: test · dashed: validation"));

    // Epochs are whole numbers: no ticks at 1.5.
    for (QCustomPlot* plot : {accuracyPlot_, flipPlot_}) {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(1);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        plot->xAxis->setTicker(ticker);
        plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    }
    flipPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    applyLossScale();
    lossMessage_ = addCenteredMessage(lossPlot_, tr("No steps logged yet"), font());
    accuracyMessage_ = addCenteredMessage(accuracyPlot_, tr("No epoch finished yet"), font());
    flipMessage_ = addCenteredMessage(flipPlot_, QString(), font());

    auto* epochRow = new QSplitter(Qt::Horizontal);
    epochRow->addWidget(accuracyPlot_);
    epochRow->addWidget(flipPlot_);
    epochRow->setChildrenCollapsible(false);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(lossPlot_);
    splitter->addWidget(epochRow);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    return splitter;
}

void CurvesPanel::applyLossScale()
{
    const bool log = logScale_ && logScale_->isChecked();
    lossPlot_->yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        lossPlot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        lossPlot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
}

void CurvesPanel::setRuns(const QStringList& runDirs, const QList<CurveGroup>& groups)
{
    QStringList normalized;
    for (const QString& dir : runDirs)
        normalized.append(CurveStore::normalizedRunDir(dir));
    normalized.removeDuplicates();
    QList<CurveGroup> wanted;
    for (CurveGroup group : groups) {
        for (QString& dir : group.runDirs)
            dir = CurveStore::normalizedRunDir(dir);
        if (group.runDirs.size() >= 2)
            wanted.append(group);
    }
    if (normalized == runDirs_ && wanted == groupsWanted_ && !runs_.empty())
        return; // the same selection again: keep the user's zoom
    runDirs_ = normalized;
    groupsWanted_ = wanted;
    lossFollows_ = accuracyFollows_ = flipFollows_ = true;
    rebuildGraphs();
    pages_->setCurrentIndex(runDirs_.isEmpty() ? 0 : 1);
}

QStringList CurvesPanel::runs() const
{
    return runDirs_;
}

void CurvesPanel::onCurvesChanged(const QString& runDir)
{
    for (auto& run : runs_)
        if (run.runDir() == runDir) {
            // Forgotten curves are read again from disk: draw them from the start.
            const bool reread = !store_->contains(runDir);
            fillSteps(run, reread);
            fillEpochs(run);
            for (auto& group : groups_)
                if (group.group().runDirs.contains(runDir))
                    group.fill(*store_);
            dataChanged();
            return;
        }
}

void CurvesPanel::onSmoothingChanged(int sliderValue)
{
    smoothingValue_->setText(QString::number(sliderValue / 100.0, 'f', 2));
    QSettings().setValue(kSmoothingKey, sliderValue / 100.0);
    for (auto& run : runs_)
        fillSteps(run, true);
    dataChanged();
}

void CurvesPanel::onXAxisChanged(int index)
{
    QSettings().setValue(kXAxisKey, index == 1 ? QStringLiteral("epochs") : QStringLiteral("steps"));
    lossPlot_->xAxis->setLabel(epochAxis() ? tr("epoch") : tr("step"));
    for (auto& run : runs_)
        fillSteps(run, true);
    lossFollows_ = true; // the old range means nothing on the new axis
    dataChanged();
}

void CurvesPanel::resetView()
{
    lossFollows_ = accuracyFollows_ = flipFollows_ = true;
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_, flipPlot_})
        fit(plot);
    requestReplot();
}

double CurvesPanel::smoothing() const
{
    return smoothingSlider_->value() / 100.0;
}

bool CurvesPanel::epochAxis() const
{
    return xAxisCombo_->currentIndex() == 1;
}

bool& CurvesPanel::followsData(const QCustomPlot* plot)
{
    if (plot == lossPlot_)
        return lossFollows_;
    return plot == accuracyPlot_ ? accuracyFollows_ : flipFollows_;
}

void CurvesPanel::showHoverTip(QCustomPlot* plot, QMouseEvent* event)
{
    if (event->buttons() != Qt::NoButton) {
        QToolTip::hideText(); // panning
        return;
    }
    const NearestPoint hit = nearestPoint(plot, event->position(), kHoverPixels);
    if (!hit.graph) {
        QToolTip::hideText();
        return;
    }
    const QString text = hoverText(hit.graph, hit.index, hit.key, hit.value);
    if (!text.isEmpty())
        QToolTip::showText(event->globalPosition().toPoint(), text, plot);
}

QString CurvesPanel::hoverText(const QCPGraph* graph, int index, double key, double value)
{
    const Series series = seriesOf(graph);
    if (!series.run)
        return QString();
    const QString title = series.run->name() + QStringLiteral(" · ") + series.label;
    if (series.component < 0)
        return title + QLatin1Char('\n') + tr("epoch %1").arg(qRound(key)) + QLatin1Char('\n') +
               formatPercent(value / 100.0); // the epoch plots draw percent

    const auto& steps = store_->curves(series.run->runDir()).steps;
    QString where = epochAxis() ? tr("epoch %1").arg(key, 0, 'f', 2) : tr("step %1").arg(formatCount(qint64(key)));
    if (index >= 0 && index < steps.size()) {
        const StepSample& sample = steps[index];
        where =
            tr("step %1 (epoch %2)").arg(formatCount(sample.globalStep), QString::number(sample.epochPosition, 'f', 1));
    }
    // Raw and smoothed share their index: show both, whichever line the cursor is on.
    QCPGraph* raw = series.run->raw(series.component);
    QCPGraph* smoothed = series.run->smoothed(series.component);
    QString values = formatValue(value);
    if (raw && smoothed && smoothing() > 0 && index < raw->dataCount() && index < smoothed->dataCount())
        values = tr("%1 (smoothed %2)")
                     .arg(formatValue(raw->dataMainValue(index)), formatValue(smoothed->dataMainValue(index)));
    return title + QLatin1Char('\n') + where + QLatin1Char('\n') + values;
}

void CurvesPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (replotPending_)
        requestReplot();
}

// The graphs and the data they draw.
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
    for (int i = 0; i < runDirs_.size(); ++i)
        runs_.emplace_back(runDirs_[i], runColor(i), lossPlot_, accuracyPlot_, flipPlot_);
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

double CurvesPanel::stepKey(const StepSample& sample) const
{
    return epochAxis() ? sample.epochPosition : static_cast<double>(sample.globalStep);
}

void CurvesPanel::fillSteps(RunCurveGraphs& run, bool restart)
{
    run.fillSteps(
        store_->curves(run.runDir()).steps, restart, [this](const StepSample& sample) { return stepKey(sample); },
        smoothing());
}

void CurvesPanel::fillEpochs(RunCurveGraphs& run)
{
    run.fillEpochs(store_->curves(run.runDir()).epochs);
}

void CurvesPanel::applyVisibility()
{
    bool anyDistillation = false;
    for (auto& run : runs_) {
        anyDistillation = anyDistillation || run.hasDistillation();
        for (int c = 0; c < LossComponentCount; ++c)
            run.setComponentShown(c, showComponent_[c]->isChecked());
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
    for (const auto& run : runs_)
        if (QCPGraph* graph = run.legendGraph())
            graph->addToLegend();
    // In a row under the loss plot: a legend inside the axis rect covered the newest steps.
    placeLegendBelow(lossPlot_, 4);
    accuracyPlot_->legend->setVisible(false);
    flipPlot_->legend->setVisible(false);
}

void CurvesPanel::updateMessages()
{
    bool anySteps = false, anyEpochs = false, anyFlips = false;
    for (const auto& run : runs_) {
        anySteps = anySteps || run.plottedSteps() > 0;
        anyEpochs = anyEpochs || run.hasEpochs();
        anyFlips = anyFlips || run.hasFlipRates();
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
    for (const auto& run : runs_)
        if (const auto [label, component] = run.describe(graph); !label.isEmpty())
            return {&run, label, component};
    return {};
}

// Writing the plots to PNG and PDF files.
QString CurvesPanel::epochPlotsFileName(const QString& fileName)
{
    const QFileInfo info(fileName);
    const QString suffix = info.suffix();
    const QString base = suffix.isEmpty() ? fileName : fileName.left(fileName.size() - suffix.size() - 1);
    return base + QStringLiteral("-epochs") + (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix);
}

bool CurvesPanel::exportLossPlot(const QString& fileName)
{
    lastExportError_.clear();
    if (savePlot(lossPlot_, exportSize(lossPlot_, kLossExportSize), fileName))
        return true;
    lastExportError_ = exportFailureReason(fileName);
    return false;
}

bool CurvesPanel::exportEpochPlots(const QString& fileName)
{
    lastExportError_.clear();
    const QList<QSize> sizes = {exportSize(accuracyPlot_, kEpochExportSize), exportSize(flipPlot_, kEpochExportSize)};
    if (savePlotsSideBySide({accuracyPlot_, flipPlot_}, sizes, fileName))
        return true;
    lastExportError_ = exportFailureReason(fileName);
    return false;
}

bool CurvesPanel::exportPlots(const QString& fileName)
{
    return exportLossPlot(fileName) && exportEpochPlots(epochPlotsFileName(fileName));
}

void CurvesPanel::exportFromMenu(bool epochPlots, bool pdf)
{
    QSettings settings;
    const QString suffix = pdf ? QStringLiteral("pdf") : QStringLiteral("png");
    const QString stem = runDirs_.size() == 1 ? QFileInfo(runDirs_.first()).fileName() : QStringLiteral("curves");
    const QString suggested =
        QDir(settings.value(kExportDirKey, QDir::homePath()).toString())
            .filePath(stem + (epochPlots ? QStringLiteral("-epochs.") : QStringLiteral("-loss.")) + suffix);
    const QString filter = pdf ? tr("PDF document (*.pdf)") : tr("PNG image (*.png)");
    QString fileName = QFileDialog::getSaveFileName(
        this, epochPlots ? tr("Export epoch plots") : tr("Export loss plot"), suggested, filter);
    if (fileName.isEmpty())
        return;
    if (QFileInfo(fileName).suffix().compare(suffix, Qt::CaseInsensitive) != 0)
        fileName += QLatin1Char('.') + suffix;
    settings.setValue(kExportDirKey, QFileInfo(fileName).absolutePath());
    const bool written = epochPlots ? exportEpochPlots(fileName) : exportLossPlot(fileName);
    if (!written)
        QMessageBox::warning(this, tr("Export failed"),
                             tr("Could not write %1.\n\n%2").arg(QDir::toNativeSeparators(fileName), lastExportError_));
}

} // namespace flipbench::ui
