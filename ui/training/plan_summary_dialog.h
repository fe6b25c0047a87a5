#pragma once

#include <flipbench/runs/plan_summary.h>

#include <QDialog>

class QLabel;
class QTableWidget;

namespace flipbench::ui {

/// How a finished plan went: every run's accuracy, NFR and PFR, each FD/LDI run's change in NFR
/// against the plan's own baseline (plain retraining against the same old model), and a plain
/// verdict per method. Not modal: it opens when the plan's last run ends, while the user may be
/// doing something else in the window.
class PlanSummaryDialog final : public QDialog {
    Q_OBJECT
public:
    enum Column { Run, Method, Accuracy, Nfr, Pfr, NfrChange, ColumnCount };

    explicit PlanSummaryDialog(const flipbench::PlanSummary& summary, QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }
    /// The verdict lines under the table, one per FD/LDI run (and one per run that did not complete).
    QString verdictText() const;

private:
    QTableWidget* table_;
    QLabel* verdicts_;
};

/// The summary in one line for the message bar: how many FD/LDI runs cut negative flips against
/// plain retraining beyond the noise, the best of them, and how many runs did not complete.
QString planVerdictLine(const flipbench::PlanSummary& summary);

} // namespace flipbench::ui
