#pragma once

// A sample's fate in the workspace's other runs, for the Compare view's detail panel: "negative
// flip in 3 of 5 FD runs" tells a one-off regression from a sample every update breaks. The core
// reads and counts (flipbench/compare/sample_history.h); this adds the method labels and words it.

#include "ui/compare/comparison.h"

#include "flipbench/compare/sample_history.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace flipbench::ui {

/// Predicted classes of runs other than A and B on the comparison's test set.
struct OtherRuns {
    QStringList names, methods;      ///< method: Baseline, FD, LDI, ELODI or Imported
    OtherRunPredictions predictions; ///< the core's, one row per name
    QStringList skipped;             ///< "name: reason" for runs left out (other test set, unreadable)
};

/// Reads the predictions of `runDirs` except A's and B's own paths (an ensemble's members stay in:
/// each is a model of its own). Runs whose labels differ from the comparison's are skipped with the
/// reason. Never throws.
OtherRuns loadOtherRuns(const QStringList& runDirs, const Comparison& comparison);

/// One line per method, e.g. "FD: negative flip in 3 of 5 runs" when A got the sample right, or
/// "FD: correct in 2 of 5 runs" when A got it wrong. Empty when there are no other runs.
QString sampleHistoryText(const OtherRuns& others, const Comparison& comparison, int sample);

} // namespace flipbench::ui
