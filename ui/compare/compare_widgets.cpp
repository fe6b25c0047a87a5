#include "ui/compare/compare_widgets.h"

#include "ui/curves/curve_plot_helpers.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/rotated_header_view.h"

#include <flipbench/statistics/mcnemar.h>

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace flipbench::ui {

namespace {

struct MetricInfo {
    const char* key;
    const char* label;
    const char* tip;
};

const MetricInfo kMetrics[] = {
    {"accA", "Accuracy A", "Share of test samples the old model (A) classifies correctly."},
    {"accB", "Accuracy B", "Share of test samples the new model (B) classifies correctly."},
    {"accDelta", "Difference", "Accuracy of B minus accuracy of A, in percentage points."},
    {"nfr", "NFR", "Negative flip rate: share of test samples A gets right and B gets wrong."},
    {"pfr", "PFR", "Positive flip rate: share of test samples A gets wrong and B gets right."},
    {"nfi", "NFI", "Negative flip impact: negative flips divided by B's errors."},
    {"btc", "BTC", "Backward trust compatibility: samples both get right divided by samples A gets right."},
    {"bec", "BEC",
     "Backward error compatibility: samples both get wrong divided by samples B gets wrong (the share of "
     "the new model's errors that the old model made too; 1 when B makes none)."},
    {"mcnemar", "McNemar",
     "McNemar's test on the samples only one of the two models gets right: whether B's accuracy differs from "
     "A's beyond chance on this test set (one pair of runs; over seeds, see the Seeds tab)."},
};

QTableWidgetItem* readOnlyItem(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setTextAlignment(Qt::AlignCenter);
    return item;
}

} // namespace

CompareSummary::CompareSummary(QWidget* parent) : QWidget(parent)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    int row = 0;
    for (const MetricInfo& m : kMetrics) {
        auto* name = new QLabel(QString::fromLatin1(m.label) + QLatin1Char(':'), this);
        auto* value = new QLabel(QStringLiteral("–"), this);
        value->setObjectName(QString::fromLatin1(m.key) + QStringLiteral("Value"));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(QLatin1String(m.key) == QLatin1String("mcnemar")); // a sentence, not a number
        name->setToolTip(QString::fromLatin1(m.tip));
        value->setToolTip(QString::fromLatin1(m.tip));
        grid->addWidget(name, row, 0);
        grid->addWidget(value, row, 1);
        ++row;
    }
    note_ = new QLabel(this);
    note_->setObjectName(QStringLiteral("compareNoteLabel"));
    note_->setWordWrap(true);
    note_->setVisible(false);
    grid->addWidget(note_, row, 0, 1, 2);
}

QLabel* CompareSummary::value(const QString& key) const
{
    return findChild<QLabel*>(key + QStringLiteral("Value"));
}

QString CompareSummary::valueText(const QString& key) const
{
    const QLabel* label = value(key);
    return label ? label->text() : QString();
}

void CompareSummary::setComparison(const Comparison* c)
{
    if (!c) {
        for (const MetricInfo& m : kMetrics)
            value(QString::fromLatin1(m.key))->setText(QStringLiteral("–"));
        note_->clear();
        note_->setVisible(false);
        return;
    }
    value("accA")->setText(formatPercent(c->report.accA));
    value("accB")->setText(formatPercent(c->report.accB));
    value("accDelta")->setText(formatPercentPoints(c->report.accB - c->report.accA));
    value("nfr")->setText(formatPercent(c->report.nfr));
    value("pfr")->setText(formatPercent(c->report.pfr));
    value("nfi")->setText(formatPercent(c->report.nfi));
    value("btc")->setText(formatPercent(c->report.btc));
    value("bec")->setText(formatPercent(c->report.bec));
    value("mcnemar")->setText(QString::fromStdString(flipbench::describeMcNemar(
        flipbench::mcnemarTest(c->report.table.negativeFlips, c->report.table.positiveFlips))));
    note_->setText(c->note);
    note_->setVisible(!c->note.isEmpty());
}

FlipMatrixTable::FlipMatrixTable(QWidget* parent) : QTableWidget(2, 2, parent)
{
    setObjectName(QStringLiteral("flipMatrix"));
    setHorizontalHeaderLabels({tr("B correct"), tr("B wrong")});
    setVerticalHeaderLabels({tr("A correct"), tr("A wrong")});
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection); // keeps the tints; the set combo names the cell
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    setToolTip(tr("Click a cell to show its samples in the gallery."));
    setComparison(nullptr);
    connect(this, &QTableWidget::cellClicked, this,
            [this](int row, int column) { Q_EMIT outcomeChosen(row == 0, column == 0); });
}

void FlipMatrixTable::setComparison(const Comparison* c)
{
    const qint64 total = c ? c->samples.size() : 0;
    auto cell = [&](bool a, bool b, qint64 count, const QColor& tint) {
        const double share = total > 0 ? double(count) / double(total) : 0.0;
        auto* item =
            readOnlyItem(c ? QStringLiteral("%1\n(%2)").arg(count).arg(formatPercent(share)) : QStringLiteral("–"));
        if (tint.isValid())
            item->setBackground(tint);
        setItem(rowFor(a), columnFor(b), item);
    };
    cell(true, true, c ? c->report.table.bothCorrect : 0, {});
    cell(true, false, c ? c->report.table.negativeFlips : 0, QColor(255, 200, 200)); // negative flips
    cell(false, true, c ? c->report.table.positiveFlips : 0, QColor(200, 240, 200)); // positive flips
    cell(false, false, c ? c->report.table.bothWrong : 0, {});
}

ClassHeatmap::ClassHeatmap(QWidget* parent) : QTableWidget(parent)
{
    setObjectName(QStringLiteral("classHeatmap"));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::SingleSelection);
    // Narrow fixed columns (counts are short) so ten classes and the totals fit beside the gallery
    // at 1280 pixels without scrolling; the column headers run upwards, so they keep full names.
    setHorizontalHeader(new RotatedHeaderView(this));
    horizontalHeader()->setSectionsClickable(true); // as QTableView's own header: a click selects the column
    horizontalHeader()->setHighlightSections(true);
    horizontalHeader()->setDefaultSectionSize(33);
    horizontalHeader()->setMinimumSectionSize(24);
    verticalHeader()->setDefaultSectionSize(22);
    setToolTip(tr("Negative flips by true class (rows) and B's prediction (columns). Click a cell to filter."));
    connect(this, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (classes_ <= 0)
            return;
        Q_EMIT cellChosen(row < classes_ ? row : -1, column < classes_ ? column : -1);
    });
}

void ClassHeatmap::setComparison(const Comparison* c)
{
    clear();
    classes_ = c ? c->numClasses : 0;
    const int n = classes_;
    setRowCount(n > 0 ? n + 1 : 0);
    setColumnCount(n > 0 ? n + 1 : 0);
    if (n <= 0)
        return;
    QStringList headers = c->classNames.mid(0, n);
    while (headers.size() < n)
        headers << QString::number(headers.size());
    headers << tr("total");
    setHorizontalHeaderLabels(headers); // full names: the header is rotated
    for (int column = 0; column < headers.size(); ++column)
        horizontalHeaderItem(column)->setToolTip(headers[column]);
    setVerticalHeaderLabels(headers);
    qint64 peak = 0;
    QVector<qint64> rowSum(n, 0), colSum(n, 0);
    for (int t = 0; t < n; ++t)
        for (int p = 0; p < n; ++p) {
            const qint64 v = c->negativeFlipsAt(t, p);
            peak = std::max(peak, v);
            rowSum[t] += v;
            colSum[p] += v;
        }
    auto countAt = [&](int t, int p) -> qint64 { return c->negativeFlipsAt(t, p); };
    for (int t = 0; t < n; ++t)
        for (int p = 0; p < n; ++p) {
            const qint64 v = countAt(t, p);
            auto* item = readOnlyItem(v > 0 ? QString::number(v) : QString());
            const double share = peak > 0 ? double(v) / double(peak) : 0.0;
            const int fade = static_cast<int>(255 - 200 * share); // white -> red
            item->setBackground(QColor(255, fade, fade));
            item->setToolTip(tr("%1 → %2: %3 negative flips").arg(headers[t], headers[p]).arg(v));
            setItem(t, p, item);
        }
    qint64 total = 0;
    for (int i = 0; i < n; ++i) {
        total += rowSum[i];
        setItem(i, n, readOnlyItem(QString::number(rowSum[i])));
        setItem(n, i, readOnlyItem(QString::number(colSum[i])));
    }
    setItem(n, n, readOnlyItem(QString::number(total)));
    // Only columns whose numbers need it grow (a total of thousands); the rest stay narrow.
    for (int column = 0; column <= n; ++column)
        setColumnWidth(column, std::max(33, sizeHintForColumn(column)));
}

SampleDetail::SampleDetail(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sampleDetail"));
    auto* layout = new QVBoxLayout(this);
    image_ = new QLabel(this);
    image_->setFixedSize(192, 192);
    image_->setAlignment(Qt::AlignCenter);
    caption_ = new QLabel(tr("Select an image to see both models' predictions."), this);
    caption_->setObjectName(QStringLiteral("sampleCaption"));
    caption_->setWordWrap(true);
    history_ = new QLabel(this);
    history_->setObjectName(QStringLiteral("sampleHistory"));
    history_->setWordWrap(true);
    history_->setToolTip(tr("The same sample in the workspace's other completed runs on this test set: a "
                            "negative flip there means A got it right and that run got it wrong."));
    history_->setVisible(false);
    noProbs_ = new QLabel(tr("No probabilities: at least one side is a prediction-only file."), this);
    noProbs_->setObjectName(QStringLiteral("noProbabilitiesLabel"));
    noProbs_->setWordWrap(true);
    noProbs_->setVisible(false);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("softmaxPlot"));
    plot_->setMinimumSize(230, 160);
    plot_->yAxis->setRange(0, 1);
    plot_->yAxis->setLabel(tr("softmax"));
    layout->addWidget(image_, 0, Qt::AlignHCenter);
    layout->addWidget(caption_);
    layout->addWidget(history_);
    layout->addWidget(noProbs_);
    layout->addWidget(plot_, 1);
    showSample(nullptr, -1, {});
}

void SampleDetail::setHistoryText(const QString& text)
{
    history_->setText(text.isEmpty() ? QString() : tr("In other runs:\n%1").arg(text));
    history_->setVisible(!text.isEmpty());
}

void SampleDetail::showSample(const Comparison* c, int sample, const QImage& image)
{
    plot_->clearPlottables(); // before the groups: a bar removes itself from its group
    qDeleteAll(plot_->findChildren<QCPBarsGroup*>(QString(), Qt::FindDirectChildrenOnly));
    const bool valid = c && sample >= 0 && sample < c->samples.size();
    if (!valid) {
        image_->setPixmap(QPixmap());
        image_->setText(QString());
        caption_->setText(tr("Select an image to see both models' predictions."));
        noProbs_->setVisible(false);
        plot_->setVisible(false);
        plot_->replot();
        return;
    }
    const SampleOutcome& s = c->samples[sample];
    if (image.isNull()) {
        image_->setPixmap(QPixmap());
        image_->setText(tr("(no image)"));
    } else {
        image_->setPixmap(QPixmap::fromImage(image.scaled(192, 192, Qt::KeepAspectRatio, Qt::FastTransformation)));
    }
    caption_->setText(QStringLiteral("#%1 · true: %2\nA: %3 · B: %4")
                          .arg(s.index)
                          .arg(c->className(s.label), c->className(s.predA), c->className(s.predB)));
    const int n = c->numClasses;
    const bool probs =
        c->hasProbabilities && c->probsA.size() >= (sample + 1) * n && c->probsB.size() >= (sample + 1) * n;
    noProbs_->setVisible(!probs);
    plot_->setVisible(probs);
    if (!probs) {
        plot_->replot();
        return;
    }
    QVector<double> keys, valuesA, valuesB;
    QVector<QString> names;
    for (int k = 0; k < n; ++k) {
        keys << k;
        valuesA << c->probsA[sample * n + k];
        valuesB << c->probsB[sample * n + k];
        names << c->className(k);
    }
    auto* group = new QCPBarsGroup(plot_);
    auto addBars = [&](const QVector<double>& values, const QColor& color, const QString& name) {
        auto* bars = new QCPBars(plot_->xAxis, plot_->yAxis);
        bars->setName(name);
        bars->setWidth(0.4);
        bars->setPen(QPen(color.darker(120)));
        bars->setBrush(color);
        bars->setData(keys, values, true);
        bars->setBarsGroup(group);
    };
    addBars(valuesA, QColor(31, 119, 180), tr("A (old)"));
    addBars(valuesB, QColor(255, 127, 14), tr("B (new)"));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    ticker->addTicks(keys, names);
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setTickLabelRotation(n > 4 ? 60 : 0);
    plot_->xAxis->setRange(-0.6, n - 0.4);
    plot_->yAxis->setRange(0, 1.02);
    // Under the axes: in the plot the legend hid the tallest bars, which are the ones that matter.
    placeLegendBelow(plot_, 2);
    plot_->replot();
}

} // namespace flipbench::ui
