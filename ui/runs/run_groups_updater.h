#pragma once

#include "ui/runs/run_group_figures.h"
#include "ui/runs/run_row.h"

#include <QObject>

namespace flipbench::ui {

/// Measures the groups of a workspace's completed runs on the thread pool whenever that set of
/// runs changes (a run finished, was deleted or imported), one measurement at a time; a change
/// during one is measured when it ends. The run table shows what it reports.
class RunGroupsUpdater final : public QObject {
    Q_OBJECT
public:
    explicit RunGroupsUpdater(QObject* parent = nullptr);
    /// The workspace's rows as just read: starts a measurement when its completed runs differ
    /// from the last measured (or measuring) ones.
    void update(const QVector<RunRow>& rows);
    bool isBusy() const { return busy_; }

Q_SIGNALS:
    void measured(const flipbench::ui::RunGroupsSnapshot& snapshot);

private:
    void start();

    QStringList wanted_;  ///< the completed runs of the latest update
    QString wantedKey_;   ///< and when each finished: a run trained again is measured again
    QString measuredKey_; ///< what the last measurement started with
    bool busy_ = false;
};

} // namespace flipbench::ui
