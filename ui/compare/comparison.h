#pragma once

// The data behind the Compare view: the core's comparison of two models (flipbench/compare) in Qt
// types for the widgets. The numbers are computed once, by the core, so the view shows exactly
// what `flipbench-cli compare` prints. No LibTorch header here or in comparison.cpp.

#include "flipbench/compare/model_comparison.h"
#include "flipbench/compare/sample_outcome.h"
#include "flipbench/metrics/flip_report.h"

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

namespace flipbench::ui {

/// One test sample as A (old) and B (new) see it: the core's type.
using SampleOutcome = flipbench::SampleOutcome;

struct Comparison {
    QString nameA, nameB, pathA, pathB; ///< paths: the model keys (model_source.h), so a side can be compared again
    QStringList classNames;             ///< numClasses entries (numbers when neither side names its classes)
    int numClasses = 0;
    QVector<SampleOutcome> samples;
    QVector<float> probsA, probsB; ///< N x C row-major softmax; empty for a side without logits

    FlipReport report; ///< the core's report, unchanged

    QString fingerprint;           ///< the test set's fingerprint; empty when neither side has one
    QString note;                  ///< requireSameTestSet's note (test sets matched by labels), or empty
    QString imageSourceDir;        ///< the CIFAR folder the runs were evaluated on; empty when unknown
    qint64 testLimit = 0;          ///< the first testLimit test images were used (0 = all)
    bool hasProbabilities = false; ///< both sides have logits

    QString className(int c) const { return c >= 0 && c < classNames.size() ? classNames[c] : QString::number(c); }
    /// Negative flips of true class `t` to B's prediction `p`; 0 outside the matrix.
    qint64 negativeFlipsAt(int t, int p) const;
};

/// The core's comparison in Qt types (names, paths and samples copied; the report kept as it is).
Comparison fromCore(const ModelComparison& core);

/// Loads two run folders, `.result` files or ensemble keys and compares them
/// (flipbench::compareModelSources). Throws flipbench::UserError when either cannot be read or the
/// test sets differ: the caller shows its message.
Comparison computeComparison(const QString& pathA, const QString& pathB);

/// The same comparison from logits in memory (N x C row-major each), for tests and benchmarks.
Comparison comparisonFromLogits(const QVector<float>& logitsA, const QVector<float>& logitsB,
                                const QVector<qint64>& labels, int numClasses, const QStringList& classNames = {});

/// The first `limit` images (0 = all) of the CIFAR test_batch.bin in `dataDir` (the binary folder
/// or its parent) as 32x32 RGB images. Empty, with the reason in `error`, when they cannot be read.
QVector<QImage> loadTestImages(const QString& dataDir, qint64 limit, QString* error = nullptr);

/// The test images a comparison was evaluated on, found through its imageSourceDir and testLimit.
/// Empty, with a message for the user in `error`, when they are unknown, gone or no longer match
/// the comparison's labels (a data folder replaced since the runs): the gallery then shows
/// placeholders instead of the wrong pictures.
QVector<QImage> loadComparisonImages(const Comparison& comparison, QString* error = nullptr);

} // namespace flipbench::ui
