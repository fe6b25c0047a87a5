#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace flipbench::ui {

class PairwiseNfrTable;

/// The Compare page's "All runs" tab: NFR between every pair of the workspace's completed runs
/// (computed on the thread pool); clicking a cell makes that pair the current A and B.
class AllRunsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit AllRunsPanel(QWidget* parent = nullptr);
    void setWorkspace(const QString& dir) { workspace_ = dir; }
    /// Computes the matrix for every completed run of the workspace (false when fewer than two).
    bool computeForWorkspace();
    bool isBusy() const { return busy_; }
    PairwiseNfrTable* table() const { return table_; }

Q_SIGNALS:
    void pairChosen(const QString& pathOld, const QString& pathNew);
    void computed();

private:
    QString workspace_;
    bool busy_ = false;
    QPushButton* compute_;
    QLabel* status_;
    PairwiseNfrTable* table_;
};

} // namespace flipbench::ui
