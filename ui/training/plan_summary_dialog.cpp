#include "ui/training/plan_summary_dialog.h"

#include "ui/widgets/number_format.h"
#include "ui/runs/run_row.h"

#include <QColor>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace flipbench::ui {

namespace {

const QString kNone = QStringLiteral("—");

QString rate(const std::optional<double>& value)
{
    return value ? formatPercent(*value) : kNone;
}

/// Beyond the noise of this test set, either way (the core's rule for its verdicts).
bool fewerFlips(const flipbench::PlanRunResult& run)
{
    return run.nfrChange && run.nfrNoise && *run.nfrChange < -*run.nfrNoise;
}

bool moreFlips(const flipbench::PlanRunResult& run)
{
    return run.nfrChange && run.nfrNoise && *run.nfrChange > *run.nfrNoise;
}

QString methodOf(const flipbench::PlanRunResult& run)
{
    const QString reference = QString::fromStdString(run.reference);
    const int references = reference.isEmpty() ? 0 : int(reference.split(QStringLiteral(" + ")).size());
    return methodLabel(QString::fromStdString(run.method), references, false);
}

} // namespace

PlanSummaryDialog::PlanSummaryDialog(const flipbench::PlanSummary& summary, QWidget* parent)
    : QDialog(parent), table_(new QTableWidget(this)), verdicts_(new QLabel(this))
{
    setObjectName(QStringLiteral("planSummary"));
    setWindowTitle(tr("Plan Finished"));

    auto* intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setText(summary.baseline.empty()
                       ? tr("The plan has %1. It has no baseline trained against the same old model, so no FD or "
                            "LDI run could be compared with plain retraining.")
                             .arg(countOf(qsizetype(summary.runs.size()), tr("run"), tr("runs")))
                       : tr("The plan has %1. Each FD and LDI run is compared with the plan's baseline (plain "
                            "retraining against the same old model): ΔNFR below zero means fewer regressions than "
                            "retraining.")
                             .arg(countOf(qsizetype(summary.runs.size()), tr("run"), tr("runs"))));

    table_->setObjectName(QStringLiteral("planSummaryTable"));
    table_->setColumnCount(ColumnCount);
    table_->setHorizontalHeaderLabels(
        {tr("Run"), tr("Method"), tr("Accuracy"), tr("NFR"), tr("PFR"), tr("ΔNFR vs baseline")});
    table_->horizontalHeaderItem(Nfr)->setToolTip(
        tr("Negative flip rate: share of test images the old model got right and this run gets wrong."));
    table_->horizontalHeaderItem(Pfr)->setToolTip(
        tr("Positive flip rate: share of test images the old model got wrong and this run gets right."));
    table_->horizontalHeaderItem(NfrChange)->setToolTip(
        tr("This run's NFR minus the plan baseline's, in percentage points."));
    table_->setRowCount(int(summary.runs.size()));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    for (int r = 0; r < int(summary.runs.size()); ++r) {
        const flipbench::PlanRunResult& run = summary.runs[size_t(r)];
        const QStringList cells = {
            QString::fromStdString(run.name),
            methodOf(run),
            run.completed ? formatPercent(run.accuracy) : tr("did not complete"),
            rate(run.nfr),
            rate(run.pfr),
            run.nfrChange ? formatPercentPoints(*run.nfrChange) : kNone,
        };
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c >= Accuracy)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(r, c, item);
        }
        // What the FD/LDI runs are measured against (a plan may have one per old model).
        if (run.method == "baseline" && run.nfr && !summary.baseline.empty())
            table_->item(r, NfrChange)->setText(tr("baseline"));
        // Green where the run beats retraining beyond the noise, red where it does worse.
        if (fewerFlips(run))
            table_->item(r, NfrChange)->setBackground(QColor(0xe8, 0xf4, 0xea));
        else if (moreFlips(run))
            table_->item(r, NfrChange)->setBackground(QColor(0xfd, 0xec, 0xea));
        if (!run.verdict.empty())
            table_->item(r, NfrChange)->setToolTip(QString::fromStdString(run.verdict));
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);

    QStringList lines;
    for (const auto& run : summary.runs)
        if (!run.verdict.empty())
            lines << QStringLiteral("%1: %2").arg(QString::fromStdString(run.name),
                                                  QString::fromStdString(run.verdict));
    if (!summary.baseline.empty())
        lines << tr("One seed each, on %1 test images: differences within the noise are not evidence; repeat with "
                    "other seeds.")
                     .arg(summary.testSamples);
    verdicts_->setObjectName(QStringLiteral("planSummaryVerdicts"));
    verdicts_->setWordWrap(true);
    verdicts_->setTextFormat(Qt::PlainText);
    verdicts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    verdicts_->setText(lines.join(QLatin1Char('\n')));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table_, 1);
    layout->addWidget(verdicts_);
    layout->addWidget(buttons);
    resize(720, 420);
}

QString PlanSummaryDialog::verdictText() const
{
    return verdicts_->text();
}

QString planVerdictLine(const flipbench::PlanSummary& summary)
{
    int compared = 0, fewer = 0, more = 0, incomplete = 0;
    const flipbench::PlanRunResult* best = nullptr;
    for (const auto& run : summary.runs) {
        incomplete += run.completed ? 0 : 1;
        if (!run.nfrChange)
            continue;
        ++compared;
        more += moreFlips(run) ? 1 : 0;
        if (fewerFlips(run)) {
            ++fewer;
            if (!best || *run.nfr < *best->nfr)
                best = &run;
        }
    }
    QString line;
    if (compared == 0)
        line = QObject::tr("Plan finished: no FD or LDI run could be compared with a baseline of the plan.");
    else if (best)
        line = QObject::tr("Plan finished: %1 of %2 FD/LDI runs cut negative flips against plain retraining; best "
                           "%3 with NFR %4 against %5.")
                   .arg(fewer)
                   .arg(compared)
                   .arg(QString::fromStdString(best->name), formatPercent(*best->nfr),
                        formatPercent(*best->nfr - *best->nfrChange));
    else if (more > 0)
        line = QObject::tr("Plan finished: no FD/LDI run cut negative flips against plain retraining, and %n had "
                           "more; the summary says what to try.",
                           nullptr, more);
    else
        line = QObject::tr("Plan finished: no FD/LDI run differs from plain retraining beyond the noise of this test "
                           "set.");
    if (incomplete > 0)
        line += QLatin1Char(' ') +
                QObject::tr("%1 did not complete.").arg(countOf(incomplete, QObject::tr("run"), QObject::tr("runs")));
    return line;
}

} // namespace flipbench::ui
