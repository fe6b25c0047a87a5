#pragma once

#include "ui/compare/pairwise_nfr.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace flipbench::ui {

class PairwiseNfrTable;
class TradeoffPlot;

/// The Compare page's "All runs" tab: the user checks a set of the workspace's completed runs;
/// the panel computes NFR between every ordered pair of them (on the thread pool) and plots each
/// run's accuracy against its NFR relative to a chosen reference, with the Pareto front. A matrix
/// cell or a point makes that pair the current A and B. Shown, it computes the checked runs by
/// itself when what it shows is not theirs (the first visit, a run finished since), so the tab
/// never opens on an empty chart.
class AllRunsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit AllRunsPanel(QWidget* parent = nullptr);
    /// Lists the workspace's completed runs, all checked.
    void setWorkspace(const QString& dir);
    /// Re-reads the run list, keeping what was unchecked.
    void refreshRuns();
    /// Computes the matrix for the checked runs (false when fewer than two, or busy).
    bool computeChecked();
    /// Checks exactly the runs whose folder names are given (for tests and scripted use).
    void setCheckedRuns(const QStringList& names);
    /// Makes the run at `index` of the computed matrix the scatter's reference.
    void setReference(int index);
    bool isBusy() const { return busy_; }
    const PairwiseNfr& result() const { return result_; }
    PairwiseNfrTable* table() const { return table_; }
    TradeoffPlot* tradeoffPlot() const { return tradeoff_; }
    QListWidget* runList() const { return runs_; }

Q_SIGNALS:
    void pairChosen(const QString& pathOld, const QString& pathNew);
    void computed();

protected:
    void showEvent(QShowEvent* event) override;

private:
    QStringList checkedPaths() const;
    /// computeChecked() unless busy or the checked runs are the ones last computed (or tried).
    void computeIfStale();
    void showResult(const PairwiseNfr& result, const QString& error);

    QString workspace_;
    bool busy_ = false;
    QStringList computedPaths_; ///< the checked runs of the last computation, finished or running
    PairwiseNfr result_;
    QListWidget* runs_;
    QPushButton* compute_;
    QLabel* status_;
    PairwiseNfrTable* table_;
    QComboBox* reference_;
    TradeoffPlot* tradeoff_;
};

} // namespace flipbench::ui
