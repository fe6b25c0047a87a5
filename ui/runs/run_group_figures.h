#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace flipbench::ui {

/// One rate of a group (or of one run) as the run table shows it.
struct RateCell {
    QString text;    ///< "82.43% ± 0.31": the mean over seeds and their sd in points
    QString toolTip; ///< the count of seeds, the 95% interval and how it was computed, against what
    double mean = 0; ///< what the column sorts by
};

/// A group of the workspace's completed runs (the same settings, other seeds) measured by core's
/// group table: its rates as mean ± sd (n) with their intervals. A group of one run carries that
/// run's interval from resampling its test samples.
struct RunGroupFigures {
    QString key;         ///< the run table's key of the group's row ("group:" + its first run folder)
    QString label;       ///< "fd kd_loss_weight=1", "quick-fd"
    QStringList runDirs; ///< the completed runs, in workspace order
    std::optional<RateCell> accuracy, nfr, pfr;
};

/// What the run table knows about the groups of a workspace.
struct RunGroupsSnapshot {
    QVector<RunGroupFigures> groups; ///< every group, groups of one run included
    QString oldModel;                ///< the run every NFR of the figures is measured against
    /// "Noise floor (NFR between independently retrained baselines, ...): 5.12% ± 0.23 points. ..."
    /// ("" when the baseline has fewer than two seeds).
    QString noiseFloor;
    QString note; ///< why there are no flip rates or intervals, when there are none
};

/// Groups `completedRunDirs` and measures each group with core's group table against the reference
/// most runs share. Without such an old model (only baselines, say) groups still form and show
/// their test accuracy as mean ± sd, and `note` says why there is nothing more. Reads every run's
/// logits: call it off the GUI thread. Never throws.
RunGroupsSnapshot measureRunGroups(const QStringList& completedRunDirs);

} // namespace flipbench::ui

Q_DECLARE_METATYPE(flipbench::ui::RunGroupsSnapshot)
