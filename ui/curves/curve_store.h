#pragma once

#include "ui/curves/run_curves.h"

#include <QObject>

#include <map>

namespace flipbench::ui {

/// The curves of every run the window has looked at, keyed by run folder (QDir::cleanPath form, so
/// "runs/a/" and "runs/a" are one run). Finished runs are read from metrics.jsonl on first use;
/// running ones grow from the controller's progress reports.
class CurveStore : public QObject {
    Q_OBJECT
public:
    explicit CurveStore(QObject* parent = nullptr);

    /// The curves of a run, read from disk the first time. The reference stays valid until the run
    /// is forgotten (or the store cleared), even while other runs are added.
    const RunCurves& curves(const QString& runDir);
    /// Whether the run's curves are in memory already (nothing is read).
    bool contains(const QString& runDir) const;
    /// Appends a live report and announces the change (only when it brought steps or epochs).
    void addProgress(const RunProgress& progress);
    /// Drops a run (deleted, or re-read after a resume truncated its metrics).
    void forget(const QString& runDir);
    void clear();

    /// The key the store files a run folder under; curvesChanged() carries this form.
    static QString normalizedRunDir(const QString& runDir);

Q_SIGNALS:
    /// The curves of `runDir` (normalized) changed: grew, or were forgotten and will be re-read.
    void curvesChanged(const QString& runDir);

private:
    RunCurves& entry(const QString& key);

    // std::map, not QHash: curves() hands out references that must survive inserting other runs.
    std::map<QString, RunCurves> curves_;
};

} // namespace flipbench::ui
