#pragma once

// Negative flip rates between every ordered pair of several runs on one test set, and the table
// that shows them as a heatmap: row = old model, column = new model. Plain Qt types only, so
// widgets and tests need no LibTorch header.

#include <QString>
#include <QStringList>
#include <QTableWidget>
#include <QVector>

namespace flipbench::ui {

struct PairwiseNfr {
    QStringList names, paths;     ///< one per run, in the order given
    QStringList methods;          ///< Baseline, FD, LDI, ELODI or Imported (a .result file)
    QVector<QVector<double>> nfr; ///< [old][new] NFR as a fraction (diagonal 0), as core pairwiseNfr
    QVector<double> accuracy;     ///< each run's accuracy as a fraction
    /// Runs that differ only in their seed share a group (flipbench::groupRuns): its index per run
    /// into groupLabels. A prediction file or an ensemble is a group of its own.
    QVector<int> group;
    QStringList groupLabels;
};

/// flipbench::comparePairwise of run folders, `.result` files or ensemble keys (every one must
/// share the first one's test set), with the GUI's method labels. Throws flipbench::UserError when
/// a path cannot be read or the test sets differ.
PairwiseNfr computePairwiseNfr(const QStringList& paths);

/// The NFRs between the runs of group `oldGroup` (as old) and group `newGroup` (as new), every
/// ordered pair of two different runs: within one group, the churn among its own seeds.
QVector<double> groupPairNfrs(const PairwiseNfr& result, int oldGroup, int newGroup);

/// N x N "x.xx%" cells (diagonal "—"), row headers = old model, column headers = new model,
/// white to red relative to the largest NFR. A click on an off-diagonal cell emits pairChosen.
/// Where a row's or column's run belongs to a group of several seeds, the cell's tooltip adds the
/// mean ± sd of the NFR over every pair of the two groups' runs.
class PairwiseNfrTable final : public QTableWidget {
    Q_OBJECT
public:
    explicit PairwiseNfrTable(QWidget* parent = nullptr);
    void setResult(const PairwiseNfr& result);
    const PairwiseNfr& result() const { return result_; }

Q_SIGNALS:
    void pairChosen(const QString& pathOld, const QString& pathNew);

private:
    PairwiseNfr result_;
};

} // namespace flipbench::ui
