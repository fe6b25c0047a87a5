#pragma once

// The curves suites' recorded run: a metrics.jsonl as the trainer writes it, with losses known
// in advance, and step samples for live progress.

#include "ui/training/progress_types.h"

#include <QString>

namespace fbtest {

constexpr int kCurveStepsPerEpoch = 20;
constexpr int kCurveLogEvery = 5;

/// Writes `text` to `path` (its folder made first), failing the test when it cannot.
void writeFileBytes(const QString& path, const QByteArray& text);

/// The total loss of the recorded run at a global step: 2 - 0.02 step.
double curveLossAt(qint64 globalStep);

/// metrics.jsonl of a run trained 2 epochs of 20 steps, logged every 5 steps, as the trainer writes
/// it: step records (total = 0.8 ce + 0.2 distillation, like an FD run), one epoch record per epoch
/// and, when `withFlips`, the rates against the reference. The last line is torn, as when the
/// trainer is still writing it.
void writeCurveMetrics(const QString& runDir, bool withFlips, bool withDistillation = true);

/// A live step sample whose total and cross-entropy are `loss`.
flipbench::ui::StepSample curveSample(qint64 globalStep, double epochPosition, double loss);

} // namespace fbtest
