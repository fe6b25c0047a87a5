#pragma once

#include "ui/runs/run_group_figures.h"

#include <flipbench/runs/run_state.h>

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVector>

#include <memory>
#include <optional>
#include <utility>

namespace flipbench {
struct RunSummary;
}

namespace flipbench::ui {

/// One line of the run table: a run folder of the workspace, or a job still waiting in the queue.
struct RunRow {
    QString dir;   ///< empty for a queued job that has no folder yet
    int jobId = 0; ///< the controller's job, while queued or running in this window
    QString name;
    QString method;    ///< Baseline, FD, LDI, ELODI or Imported
    QString reference; ///< folder names of the reference runs
    QString arch;
    flipbench::RunState state = flipbench::RunState::Queued; ///< any, Preparing and Skipped included
    QString message;
    /// Its files could not be read (message says why): shown as failed, but nothing to resume.
    bool unreadable = false;
    QString device;
    /// Where it trains or trained last (status.json's host), and the scheduler's job ("slurm 1234_3";
    /// "slurm" while it waits in a cluster's queue).
    QString host;
    QString job;
    /// Running on another machine (its process cannot be checked from here), and, once its
    /// heartbeat is older than the core's limit, stale: that machine or job may be gone.
    bool remote = false;
    bool stale = false;
    std::optional<double> heartbeatAgeSeconds;
    /// What the user wrote about the run (notes.json): searchable tags and a free-text note.
    QStringList tags;
    QString note;
    int epochsDone = 0;
    int epochs = 0;
    double progress = 0;                      ///< 0..1 while running
    double etaSeconds = -1;                   ///< unknown when negative
    std::optional<double> accuracy, nfr, pfr; ///< last epoch, test split, fractions
    QDateTime created, started, finished, updated;
    /// status.json's training time (absent in older runs); while running, up to `updated`.
    std::optional<double> trainingSeconds;
    /// When this window saw the run start training, if the row's files were read before that.
    QDateTime liveSince;

    /// A group's row (the runs of one setting over several seeds; dir and jobId empty), or, on a
    /// run's row, the figures of the run alone (its intervals from resampling test samples).
    std::shared_ptr<const RunGroupFigures> figures;
    bool isGroup = false;
    /// On the row of a run that belongs to a shown group: the group row's key.
    QString groupKey;
    /// The plan the run was queued with (plan.json, or its sweep): its id and what the user chose
    /// ("cpu-quick"); empty for a run trained alone. On a plan's group row: the plan's.
    QString planKey;
    QString planLabel;
    int planSize = 0;     ///< the runs the plan queued (plan.json); 0 when unknown (a sweep's)
    int planPosition = 0; ///< the run's place in its plan's training order
    /// On a plan's row, its Status cell: "2/4 done", with " · 1 failed" once one has (the whole
    /// count, running and waiting too, is its message and tooltip).
    QString planProgress;

    /// The key rows are matched by across refreshes.
    QString key() const
    {
        if (isGroup)
            return figures->key;
        return dir.isEmpty() ? QStringLiteral("job:%1").arg(jobId) : dir;
    }
    /// Seconds spent training so far (running: until now), idle time between a cancel and a
    /// resume not counted; runs from before status.json recorded it: started to finished.
    double durationSeconds() const;
    /// The row of a plan (its runs below it), as opposed to a group of seeds of one setting.
    bool isPlanGroup() const { return isGroup && !planKey.isEmpty(); }
    bool hasDuration() const { return trainingSeconds.has_value() || started.isValid(); }
    /// Waits in a cluster scheduler's queue: its task will train it, not this window.
    bool isQueuedInScheduler() const { return state == flipbench::RunState::Queued && !job.isEmpty(); }
    bool isActive() const
    {
        return state == flipbench::RunState::Running || state == flipbench::RunState::Queued ||
               state == flipbench::RunState::Preparing;
    }
};

/// The word of a state for the user ("completed", "preparing", ...): the core's word.
inline QString stateText(flipbench::RunState state)
{
    return QString::fromStdString(flipbench::toString(state));
}

/// Reads a run folder (core's run summary: status.json, config.json, the last epoch of
/// metrics.jsonl, notes.json, plan.json). Never throws: an unreadable run comes back as a failed
/// row whose message says why.
RunRow readRunRow(const QString& runDir);

/// The row of a run summary.
RunRow runRowOf(const flipbench::RunSummary& run);

/// Every run folder of a workspace, oldest first.
QVector<RunRow> readWorkspaceRows(const QString& workspace);

/// A cheap fingerprint of what readWorkspaceRows would read: each folder's name with the
/// modification time and size of its status.json and metrics.jsonl. It changes when a run appears,
/// goes, or writes its status or metrics (also when another machine wrote them).
QString workspaceSignature(const QString& workspace);

/// The method label of a run folder (Baseline when its config does not say), or "Imported" for a
/// prediction file.
QString methodOfModel(const QString& path);

/// "Baseline", "FD", "LDI", "ELODI" (LDI against several references) or "Imported".
QString methodLabel(const QString& method, int referenceCount, bool imported);

/// The old (A) and new (B) model the Compare page opens with for the rows selected in the run
/// table (in table order), among the completed runs of `workspaceRows`: a selected run and its
/// reference (an ensemble key for several), the reference selected too or not; otherwise the
/// first two selected runs, the upper one as A. Empty paths when the selection gives no pair.
std::pair<QString, QString> comparisonPairFor(const QList<const RunRow*>& selected,
                                              const QVector<RunRow>& workspaceRows);

} // namespace flipbench::ui
