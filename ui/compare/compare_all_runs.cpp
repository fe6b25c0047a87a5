#include "ui/compare/compare_all_runs.h"

#include "ui/widgets/checkable_list.h"
#include "ui/runs/run_row.h"
#include "ui/compare/tradeoff.h"
#include "ui/widgets/number_format.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace flipbench::ui {

namespace {

/// The matrix, or the message of why it could not be computed (different test sets, ...).
struct PairwiseOutcome {
    PairwiseNfr result;
    QString error;
};

QString matrixHint()
{
    return QObject::tr("Rows: old model · columns: new model. Click a cell to compare that pair.");
}

} // namespace

AllRunsPanel::AllRunsPanel(QWidget* parent) : QWidget(parent)
{
    runs_ = new QListWidget(this);
    runs_->setObjectName(QStringLiteral("pairwiseRunList"));
    runs_->setToolTip(tr("The runs to compare with each other: check at least two on the same test set."));
    auto* all = new QPushButton(tr("All"), this);
    auto* none = new QPushButton(tr("None"), this);
    connect(all, &QPushButton::clicked, this, [this] { setAllRunsChecked(runs_, true); });
    connect(none, &QPushButton::clicked, this, [this] { setAllRunsChecked(runs_, false); });
    compute_ = new QPushButton(tr("Compare Checked Runs"), this);
    compute_->setObjectName(QStringLiteral("computePairwiseButton"));
    compute_->setToolTip(tr("NFR of every checked run (column, new) against every other (row, old)"));
    connect(compute_, &QPushButton::clicked, this, &AllRunsPanel::computeChecked);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Runs"), left));
    leftLayout->addWidget(runs_, 1);
    auto* pick = new QHBoxLayout;
    pick->addWidget(all);
    pick->addWidget(none);
    leftLayout->addLayout(pick);
    leftLayout->addWidget(compute_);

    status_ = new QLabel(matrixHint(), this);
    status_->setWordWrap(true);
    table_ = new PairwiseNfrTable(this);
    connect(table_, &PairwiseNfrTable::pairChosen, this, &AllRunsPanel::pairChosen);

    reference_ = new QComboBox(this);
    reference_->setObjectName(QStringLiteral("tradeoffReferenceCombo"));
    reference_->setToolTip(tr("The old model every other run is measured against"));
    connect(reference_, &QComboBox::activated, this, &AllRunsPanel::setReference);
    tradeoff_ = new TradeoffPlot(this);
    connect(tradeoff_, &TradeoffPlot::runChosen, this, &AllRunsPanel::pairChosen);

    auto* matrixBox = new QWidget(this);
    auto* matrixLayout = new QVBoxLayout(matrixBox);
    matrixLayout->setContentsMargins(0, 0, 0, 0);
    matrixLayout->addWidget(status_);
    matrixLayout->addWidget(table_, 1);
    auto* plotBox = new QWidget(this);
    auto* plotLayout = new QVBoxLayout(plotBox);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    auto* referenceRow = new QHBoxLayout;
    referenceRow->addWidget(new QLabel(tr("Accuracy vs NFR against:"), plotBox));
    referenceRow->addWidget(reference_, 1);
    plotLayout->addLayout(referenceRow);
    plotLayout->addWidget(tradeoff_, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(matrixBox);
    splitter->addWidget(plotBox);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({200, 620, 460});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
}

void AllRunsPanel::setWorkspace(const QString& dir)
{
    workspace_ = dir;
    runs_->clear();
    refreshRuns();
}

void AllRunsPanel::refreshRuns()
{
    QSet<QString> unchecked, known;
    for (int i = 0; i < runs_->count(); ++i) {
        const QString path = runs_->item(i)->data(Qt::UserRole).toString();
        known << path;
        if (runs_->item(i)->checkState() != Qt::Checked)
            unchecked << path;
    }
    runs_->clear();
    if (workspace_.isEmpty())
        return;
    for (const RunRow& row : readWorkspaceRows(workspace_)) {
        if (row.dir.isEmpty() || row.state != flipbench::RunState::Completed)
            continue;
        addCheckableRun(runs_, QStringLiteral("%1 (%2)").arg(row.name, row.method), row.dir,
                        !unchecked.contains(row.dir));
    }
    if (isVisible())
        computeIfStale(); // a run finished while the tab is open
}

void AllRunsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    computeIfStale();
}

void AllRunsPanel::computeIfStale()
{
    const QStringList paths = checkedPaths();
    if (!busy_ && paths.size() >= 2 && paths != computedPaths_)
        computeChecked();
}

void AllRunsPanel::setCheckedRuns(const QStringList& names)
{
    for (int i = 0; i < runs_->count(); ++i) {
        const QString name = QFileInfo(runs_->item(i)->data(Qt::UserRole).toString()).fileName();
        runs_->item(i)->setCheckState(names.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList AllRunsPanel::checkedPaths() const
{
    return checkedRunPaths(runs_);
}

bool AllRunsPanel::computeChecked()
{
    const QStringList paths = checkedPaths();
    if (paths.size() < 2 || busy_) {
        if (paths.size() < 2)
            status_->setText(tr("Check at least two completed runs."));
        return false;
    }
    busy_ = true;
    computedPaths_ = paths;
    compute_->setEnabled(false);
    status_->setText(tr("Comparing %1 pairwise…").arg(countOf(paths.size(), tr("run"), tr("runs"))));
    auto* watcher = new QFutureWatcher<PairwiseOutcome>(this);
    connect(watcher, &QFutureWatcher<PairwiseOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const PairwiseOutcome outcome = watcher->result();
        busy_ = false;
        compute_->setEnabled(true);
        showResult(outcome.result, outcome.error);
        Q_EMIT computed();
        if (isVisible())
            computeIfStale(); // the list changed while this was computed
    });
    watcher->setFuture(QtConcurrent::run([paths]() -> PairwiseOutcome {
        try {
            return {computePairwiseNfr(paths), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromUtf8(e.what())};
        }
    }));
    return true;
}

void AllRunsPanel::showResult(const PairwiseNfr& result, const QString& error)
{
    const QString previousReference = reference_->currentData().toString();
    result_ = result;
    table_->setResult(result);
    status_->setText(error.isEmpty() ? matrixHint() : error);
    reference_->clear();
    for (int i = 0; i < result.names.size(); ++i)
        reference_->addItem(result.names[i], result.paths.value(i));
    // Keep the reference across recomputations; the first run is the usual "old" model otherwise.
    setReference(std::max(0, static_cast<int>(result.paths.indexOf(previousReference))));
}

void AllRunsPanel::setReference(int index)
{
    if (index >= 0 && index < reference_->count())
        reference_->setCurrentIndex(index);
    tradeoff_->setTradeoff(tradeoffAgainst(result_, index));
}

} // namespace flipbench::ui
