#include "ui/runs/run_groups_updater.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace flipbench::ui {

RunGroupsUpdater::RunGroupsUpdater(QObject* parent) : QObject(parent) {}

void RunGroupsUpdater::update(const QVector<RunRow>& rows)
{
    wanted_.clear();
    QStringList key;
    for (const RunRow& row : rows)
        if (!row.dir.isEmpty() && !row.isGroup && row.state == flipbench::RunState::Completed) {
            wanted_ << row.dir;
            key << row.dir + QLatin1Char('@') + row.finished.toString(Qt::ISODateWithMs);
        }
    wantedKey_ = key.join(QLatin1Char('\n'));
    if (!busy_ && wantedKey_ != measuredKey_)
        start();
}

void RunGroupsUpdater::start()
{
    busy_ = true;
    measuredKey_ = wantedKey_;
    auto* watcher = new QFutureWatcher<RunGroupsSnapshot>(this);
    connect(watcher, &QFutureWatcher<RunGroupsSnapshot>::finished, this, [this, watcher] {
        watcher->deleteLater();
        busy_ = false;
        if (wantedKey_ != measuredKey_)
            start(); // the runs changed while measuring (another workspace, maybe): that one counts
        else
            Q_EMIT measured(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(measureRunGroups, wanted_));
}

} // namespace flipbench::ui
