#include "ui/compare/seed_groups_panel.h"

#include "ui/runs/run_row.h"

#include <flipbench/statistics/group_table_format.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>

namespace flipbench::ui {

namespace {

struct GroupTableOutcome {
    flipbench::GroupTable table;
    QString error;
};

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

/// Columns whose cells get the long form of their estimate as a tooltip.
enum Column { Label = 0, Accuracy = 2, Nfr = 3, Pfr = 5, NfrChange = 8, AccuracyChange = 10, Role = 11 };

QString estimateTip(const std::optional<flipbench::RateEstimate>& e)
{
    if (!e)
        return {};
    return fromStd(flipbench::formatEstimate(*e) + "; interval: " + e->intervalMethod);
}

QString hint()
{
    return QObject::tr("Runs that differ only in their seed are one group: rates are mean ± sd over seeds in "
                       "percent, with 95% intervals. Δ is against the baseline; * = the interval excludes 0.");
}

} // namespace

bool SeedGroupsPanel::Request::operator==(const Request& other) const
{
    return runs == other.runs && old == other.old && baseline == other.baseline &&
           tolerancePoints == other.tolerancePoints && onTest == other.onTest;
}

SeedGroupsPanel::SeedGroupsPanel(QWidget* parent) : QWidget(parent)
{
    old_ = new QComboBox(this);
    old_->setObjectName(QStringLiteral("seedGroupsOldCombo"));
    old_->setToolTip(tr("The old model every run is compared against"));
    baseline_ = new QComboBox(this);
    baseline_->setObjectName(QStringLiteral("seedGroupsBaselineCombo"));
    baseline_->setToolTip(tr("The group of plain retraining that the methods are measured against"));
    tolerance_ = new QDoubleSpinBox(this);
    tolerance_->setObjectName(QStringLiteral("seedGroupsTolerance"));
    tolerance_->setRange(0, 100);
    tolerance_->setDecimals(2);
    tolerance_->setSingleStep(0.25);
    tolerance_->setValue(1);
    tolerance_->setSuffix(tr(" points"));
    tolerance_->setToolTip(tr("A setting is chosen only when its validation accuracy is at most this far below "
                              "the baseline's; among those, the lowest validation NFR wins"));
    onTest_ = new QCheckBox(tr("Choose on test (optimistic)"), this);
    onTest_->setObjectName(QStringLiteral("seedGroupsOnTest"));
    onTest_->setToolTip(tr("Chooses each family's setting on the test set instead of validation: its test "
                           "figures are then biased in its favour, and the choice is marked so"));
    compute_ = new QPushButton(tr("Compute"), this);
    compute_->setObjectName(QStringLiteral("seedGroupsComputeButton"));
    connect(compute_, &QPushButton::clicked, this, &SeedGroupsPanel::compute);

    // A changed setting recomputes at once (the table is built in the background).
    connect(old_, &QComboBox::activated, this, &SeedGroupsPanel::computeIfStale);
    connect(baseline_, &QComboBox::activated, this, &SeedGroupsPanel::computeIfStale);
    connect(tolerance_, &QDoubleSpinBox::editingFinished, this, &SeedGroupsPanel::computeIfStale);
    connect(onTest_, &QCheckBox::toggled, this, &SeedGroupsPanel::computeIfStale);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Old model:"), this));
    controls->addWidget(old_, 2);
    controls->addWidget(new QLabel(tr("Baseline:"), this));
    controls->addWidget(baseline_, 1);
    controls->addWidget(new QLabel(tr("Accuracy tolerance:"), this));
    controls->addWidget(tolerance_);
    controls->addWidget(onTest_);
    controls->addWidget(compute_);

    status_ = new QLabel(hint(), this);
    status_->setWordWrap(true);
    view_ = new QTableWidget(this);
    view_->setObjectName(QStringLiteral("seedGroupsTable"));
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setStretchLastSection(true);
    details_ = new QLabel(this);
    details_->setObjectName(QStringLiteral("seedGroupsDetails"));
    details_->setWordWrap(true);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(status_);
    layout->addWidget(view_, 1);
    layout->addWidget(details_);
}

void SeedGroupsPanel::setWorkspace(const QString& dir)
{
    workspace_ = dir;
    computedOnce_ = false;
    refreshRuns();
}

void SeedGroupsPanel::refreshRuns()
{
    const QString previousOld = old_->currentData().toString();
    runPaths_.clear();
    old_->clear();
    old_->addItem(tr("(the reference most runs share)"), QString());
    if (!workspace_.isEmpty())
        for (const RunRow& row : readWorkspaceRows(workspace_)) {
            if (row.dir.isEmpty() || row.state != flipbench::RunState::Completed)
                continue;
            runPaths_ << row.dir;
            old_->addItem(row.name, row.dir);
        }
    old_->setCurrentIndex(std::max(0, old_->findData(previousOld)));
    if (isVisible())
        computeIfStale();
}

void SeedGroupsPanel::setOldModel(const QString& runName)
{
    if (runName.isEmpty()) {
        old_->setCurrentIndex(0);
        return;
    }
    const int index = old_->findText(runName);
    if (index >= 0)
        old_->setCurrentIndex(index);
}

QString SeedGroupsPanel::statusText() const
{
    return status_->text();
}

SeedGroupsPanel::Request SeedGroupsPanel::currentRequest() const
{
    Request request;
    request.runs = runPaths_;
    request.old = old_->currentData().toString();
    request.baseline = baseline_->currentData().toString();
    request.tolerancePoints = tolerance_->value();
    request.onTest = onTest_->isChecked();
    return request;
}

void SeedGroupsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    computeIfStale();
}

void SeedGroupsPanel::computeIfStale()
{
    if (!busy_ && !runPaths_.isEmpty() && (!computedOnce_ || !(currentRequest() == computedRequest_)))
        compute();
}

bool SeedGroupsPanel::compute()
{
    if (busy_)
        return false;
    if (runPaths_.isEmpty()) {
        status_->setText(tr("No completed runs in this workspace yet."));
        return false;
    }
    busy_ = true;
    computedOnce_ = true;
    computedRequest_ = currentRequest();
    const Request request = computedRequest_;
    compute_->setEnabled(false);
    status_->setText(tr("Grouping %1 runs and computing intervals…").arg(request.runs.size()));
    auto* watcher = new QFutureWatcher<GroupTableOutcome>(this);
    connect(watcher, &QFutureWatcher<GroupTableOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const GroupTableOutcome outcome = watcher->result();
        busy_ = false;
        compute_->setEnabled(true);
        showResult(outcome.table, outcome.error);
        Q_EMIT computed();
        if (isVisible())
            computeIfStale(); // a run finished or a setting changed meanwhile
    });
    watcher->setFuture(QtConcurrent::run([request]() -> GroupTableOutcome {
        try {
            std::vector<std::filesystem::path> runs;
            for (const QString& path : request.runs)
                runs.emplace_back(path.toStdString());
            flipbench::GroupTableOptions options;
            if (!request.old.isEmpty())
                options.old = std::filesystem::path(request.old.toStdString());
            options.baseline = request.baseline.toStdString();
            options.accuracyTolerance = request.tolerancePoints / 100;
            options.chooseOnTest = request.onTest;
            return {flipbench::buildGroupTable(runs, options), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromUtf8(e.what())};
        }
    }));
    return true;
}

void SeedGroupsPanel::showResult(const flipbench::GroupTable& table, const QString& error)
{
    table_ = table;
    if (!error.isEmpty()) {
        status_->setText(error);
        view_->clear();
        view_->setRowCount(0);
        view_->setColumnCount(0);
        details_->clear();
        return;
    }
    status_->setText(tr("Against the old model %1 on %2 test images. ").arg(fromStd(table.old)).arg(table.testSamples) +
                     hint());

    // The baseline choices are the groups of this result; keep the user's choice across results.
    const QString chosenBaseline = baseline_->currentData().toString();
    baseline_->blockSignals(true);
    baseline_->clear();
    baseline_->addItem(tr("(automatic)"), QString());
    for (const flipbench::GroupRow& row : table.rows)
        if (!row.isOld)
            baseline_->addItem(fromStd(row.group.label), fromStd(row.group.label));
    baseline_->setCurrentIndex(std::max(0, baseline_->findData(chosenBaseline)));
    baseline_->blockSignals(false);
    computedRequest_.baseline = baseline_->currentData().toString();

    const flipbench::GroupTableCells cells = flipbench::groupTableCells(table);
    view_->clear();
    view_->setColumnCount(static_cast<int>(cells.headers.size()));
    QStringList headers;
    for (const std::string& header : cells.headers)
        headers << fromStd(header);
    view_->setHorizontalHeaderLabels(headers);
    view_->setRowCount(static_cast<int>(cells.rows.size()));
    for (int r = 0; r < static_cast<int>(cells.rows.size()); ++r) {
        const flipbench::GroupRow& row = table.rows[r];
        for (int c = 0; c < static_cast<int>(cells.rows[r].size()); ++c) {
            auto* item = new QTableWidgetItem(fromStd(cells.rows[r][c]));
            if (c != Label && c != Role)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            QFont font = item->font();
            font.setBold(row.isBaseline || row.chosen);
            font.setItalic(row.isOld);
            item->setFont(font);
            if (row.chosen)
                item->setBackground(QColor(0xdf, 0xf2, 0xdf));
            view_->setItem(r, c, item);
        }
        QStringList seeds;
        for (const uint64_t seed : row.group.seeds)
            seeds << QString::number(seed);
        view_->item(r, Label)->setToolTip(
            tr("%1 (%2), seeds %3")
                .arg(fromStd(row.group.label), fromStd(row.group.method), seeds.join(QStringLiteral(", "))));
        view_->item(r, Accuracy)->setToolTip(estimateTip(row.accuracy));
        view_->item(r, Nfr)->setToolTip(estimateTip(row.nfr));
        view_->item(r, Pfr)->setToolTip(estimateTip(row.pfr));
        if (row.nfrChange)
            view_->item(r, NfrChange)->setToolTip(fromStd(row.verdict));
        if (row.accuracyChange)
            view_->item(r, AccuracyChange)->setToolTip(fromStd(flipbench::formatDifference(*row.accuracyChange)));
    }
    view_->resizeColumnsToContents();

    QStringList lines;
    lines << fromStd(flipbench::noiseFloorSentence(table)).toHtmlEscaped();
    for (const std::string& sentence : flipbench::choiceSentences(table))
        lines << fromStd(sentence).toHtmlEscaped();
    for (const flipbench::GroupRow& row : table.rows)
        if (!row.verdict.empty())
            lines << QStringLiteral("<b>%1</b>: %2")
                         .arg(fromStd(row.group.label).toHtmlEscaped(), fromStd(row.verdict).toHtmlEscaped());
    for (const std::string& note : table.notes)
        lines << tr("Note: %1").arg(fromStd(note).toHtmlEscaped());
    details_->setText(lines.join(QStringLiteral("<br>")));
}

} // namespace flipbench::ui
