#pragma once

#include <flipbench/statistics/group_table.h>

#include <QString>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace flipbench::ui {

/// The Compare page's "Seeds" tab: the workspace's completed runs grouped by their settings (runs
/// that differ only in their seed), each rate as mean ± sd (n) with a 95% interval against one old
/// model, the noise floor of retraining, each method's NFR and accuracy change against the baseline
/// with its interval and verdict, and each family's setting chosen on the validation split. The
/// table is core's group table (`flipbench-cli summary` prints the same); it is built on the
/// thread pool, since it reads every run's logits and resamples them.
class SeedGroupsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit SeedGroupsPanel(QWidget* parent = nullptr);
    void setWorkspace(const QString& dir);
    /// Re-reads the completed runs (a run finished); recomputes when shown.
    void refreshRuns();
    /// Builds the table for the workspace's completed runs (false when busy or there are none).
    bool compute();
    /// Chooses the old model by run folder name ("" = the reference most runs share).
    void setOldModel(const QString& runName);
    bool isBusy() const { return busy_; }
    const flipbench::GroupTable& result() const { return table_; }
    QTableWidget* table() const { return view_; }
    QString statusText() const;

Q_SIGNALS:
    void computed();

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Request {
        QStringList runs;
        QString old;
        QString baseline;
        double tolerancePoints = 1;
        bool onTest = false;
        bool operator==(const Request& other) const;
    };
    Request currentRequest() const;
    void computeIfStale();
    void showResult(const flipbench::GroupTable& table, const QString& error);

    QString workspace_;
    QStringList runPaths_;
    bool busy_ = false;
    bool computedOnce_ = false;
    Request computedRequest_;
    flipbench::GroupTable table_;
    QComboBox* old_;
    QComboBox* baseline_;
    QDoubleSpinBox* tolerance_;
    QCheckBox* onTest_;
    QPushButton* compute_;
    QLabel* status_;
    QTableWidget* view_;
    QLabel* details_;
};

} // namespace flipbench::ui
