#include "ui/compare_all_runs.h"

#include "ui/pairwise_nfr.h"
#include "ui/run_row.h"

#include <QFutureWatcher>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace flipbench::ui {

namespace {

/// The matrix, or the message of why it could not be computed (different test sets, ...).
struct PairwiseOutcome {
    PairwiseNfr result;
    QString error;
};

} // namespace

AllRunsPanel::AllRunsPanel(QWidget* parent) : QWidget(parent)
{
    compute_ = new QPushButton(tr("Compare All Completed Runs"), this);
    compute_->setObjectName(QStringLiteral("computePairwiseButton"));
    compute_->setToolTip(tr("NFR of every run (column, new) against every other (row, old) on the same test set"));
    status_ = new QLabel(tr("Rows: old model · columns: new model. Click a cell to compare that pair."), this);
    status_->setWordWrap(true);
    table_ = new PairwiseNfrTable(this);
    connect(compute_, &QPushButton::clicked, this, &AllRunsPanel::computeForWorkspace);
    connect(table_, &PairwiseNfrTable::pairChosen, this, &AllRunsPanel::pairChosen);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(compute_, 0, Qt::AlignLeft);
    layout->addWidget(status_);
    layout->addWidget(table_, 1);
}

bool AllRunsPanel::computeForWorkspace()
{
    QStringList paths;
    for (const RunRow& row : readWorkspaceRows(workspace_))
        if (row.state == QLatin1String("completed"))
            paths.append(row.dir);
    if (paths.size() < 2 || busy_) {
        if (paths.size() < 2)
            status_->setText(tr("Needs at least two completed runs in the workspace."));
        return false;
    }
    busy_ = true;
    compute_->setEnabled(false);
    status_->setText(tr("Comparing %n run(s) pairwise…", nullptr, int(paths.size())));
    auto* watcher = new QFutureWatcher<PairwiseOutcome>(this);
    connect(watcher, &QFutureWatcher<PairwiseOutcome>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const PairwiseOutcome outcome = watcher->result();
        busy_ = false;
        compute_->setEnabled(true);
        table_->setResult(outcome.result);
        status_->setText(outcome.error.isEmpty()
                             ? tr("Rows: old model · columns: new model. Click a cell to compare that pair.")
                             : outcome.error);
        Q_EMIT computed();
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

} // namespace flipbench::ui
