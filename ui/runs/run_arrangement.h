#pragma once

// Which rows the run table shows for the runs of a workspace, and in which order: each grouping
// of RunTableModel (seeds, plans, none) as a function of the runs and the measured groups, apart
// from the Qt model that shows them.

#include "ui/runs/run_group_figures.h"
#include "ui/runs/run_row.h"

#include <QVector>

#include <memory>
#include <optional>

namespace flipbench::ui {

using SharedGroupFigures = QVector<std::shared_ptr<const RunGroupFigures>>;

/// A run's row with its own intervals where it forms a group of one in `groups`.
RunRow withOwnFigures(const RunRow& run, const SharedGroupFigures& groups);

/// `runs` in workspace order, each group of two or more completed seeds present as a row of its
/// own (rates as mean ± sd) above its runs, where the group's first run is.
QVector<RunRow> arrangeBySeeds(const QVector<RunRow>& runs, const SharedGroupFigures& groups);

/// `runs` in workspace order, each plan of which two or more runs are present as a row of its own
/// (how far it has got) above its runs in the plan's order, where its first run is.
QVector<RunRow> arrangeByPlans(const QVector<RunRow>& runs, const SharedGroupFigures& groups);

/// `runs` as they are, each with its own intervals.
QVector<RunRow> arrangeUngrouped(const QVector<RunRow>& runs, const SharedGroupFigures& groups);

/// The row of plan `planKey` among `runs`, as arrangeByPlans makes it; none when fewer than two
/// of its runs are there.
std::optional<RunRow> planRowOf(const QVector<RunRow>& runs, const QString& planKey);

} // namespace flipbench::ui
