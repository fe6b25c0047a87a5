#pragma once

// The data behind the Compare view: two models' predictions on one test set, per sample and as
// the core's flip metrics. Plain Qt types only, so widgets and tests need no LibTorch header.

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

namespace flipbench::ui {

/// One test sample as A (old) and B (new) see it. Confidences are NaN when a side has no logits.
struct SampleOutcome {
    int index = 0; ///< position in the test set
    int label = 0;
    int predA = 0, predB = 0;
    float confA = 0, confB = 0;   ///< softmax probability of the model's own prediction
    float pTrueA = 0, pTrueB = 0; ///< softmax probability of the true class

    bool aCorrect() const { return predA == label; }
    bool bCorrect() const { return predB == label; }
};

struct Comparison {
    QString nameA, nameB, pathA, pathB;
    QStringList classNames; ///< numClasses entries (numbers when neither side names its classes)
    int numClasses = 0;
    QVector<SampleOutcome> samples;
    QVector<float> probsA, probsB; ///< N x C row-major softmax; empty for a side without logits

    // The core's FlipReport, copied unchanged so the view shows exactly what the CLI prints.
    double accA = 0, accB = 0, nfr = 0, pfr = 0, nfi = 0, btc = 0, bec = 0;
    qint64 bothCorrect = 0, negativeFlips = 0, positiveFlips = 0, bothWrong = 0;
    QVector<QVector<qint64>> negativeFlipMatrix; ///< [true class][B's prediction]

    QString fingerprint;           ///< the test set's fingerprint; empty when neither side has one
    QString note;                  ///< requireSameTestSet's note (test sets matched by labels), or empty
    QString imageSourceDir;        ///< the CIFAR folder the runs were evaluated on; empty when unknown
    qint64 testLimit = 0;          ///< the first testLimit test images were used (0 = all)
    bool hasProbabilities = false; ///< both sides have logits

    QString className(int c) const { return c >= 0 && c < classNames.size() ? classNames[c] : QString::number(c); }
};

/// Loads two run folders or `.result` files (flipbench::loadPredictions) and compares them.
/// Throws flipbench::UserError when either cannot be read or the test sets differ: the caller
/// shows its message.
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
