#pragma once

// Everything a PDF report shows, gathered in one pass from the run folders: plain Qt values, so it
// is loaded on a worker thread and then read by the plot rendering (GUI thread) and the PDF
// writer (worker thread) without locks.

#include "ui/compare/comparison.h"
#include "ui/compare/pairwise_nfr.h"
#include "ui/report/report_options.h"
#include "ui/curves/run_curves.h"

#include <flipbench/config/config_diff.h>
#include <flipbench/statistics/group_table.h>

#include <QDateTime>
#include <QImage>
#include <QString>
#include <QVector>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace flipbench::ui {

/// Reports a fraction of the whole job (0..1) and what is happening now.
using ReportProgress = std::function<void(double fraction, const QString& stage)>;

struct ReportRun {
    QString name, path;
    QString method; ///< Baseline, FD, LDI, ELODI or Imported
    QString state, device;
    QDateTime finished;
    double accuracy = 0; ///< on the compared test set, from the comparison (fraction)
    /// config.json's settings (core's configSettings); empty for an imported prediction file.
    std::vector<flipbench::ConfigSetting> settings;
    /// From dataset.json (empty, 0 when it is missing or unreadable): the test set's data folder,
    /// size and fingerprint.
    QString datasetSource;
    qint64 testSize = 0;
    QString testFingerprint;
    QStringList tags; ///< the user's tags and note (notes.json)
    QString note;
    RunCurves curves;

    QString fingerprint() const { return testFingerprint; }
};

/// One configuration key across the runs (dotted path such as "train.lr").
struct ConfigRow {
    QString key;
    QStringList values; ///< one per run, "—" where a run lacks the key
    bool differs = false;
};

struct ReportData {
    ReportOptions options;
    QString title;
    QDateTime generated;
    QString flipbenchVersion, libtorchVersion;
    QVector<ReportRun> runs;             ///< in the order given; runs[0] is the reference A
    QVector<ConfigRow> config;           ///< union of the runs' config keys, config.json order
    QVector<Comparison> comparisons;     ///< runs[0] vs runs[i] for i >= 1; comparisons[0] is A vs B
    std::optional<PairwiseNfr> pairwise; ///< with more than two runs
    QVector<int> gallerySamples;         ///< test-set indices of the top K negative flips of A vs B
    QVector<QImage> galleryImages;       ///< one per gallery sample (32x32); empty when unavailable
    QString galleryImagesError;          ///< why the images are missing
    /// The group table of A's workspace against A (its completed runs grouped over seeds), when some
    /// group there has two or more seeds: the report's "Over seeds" section.
    std::optional<flipbench::GroupTable> seedGroups;

    const Comparison& ab() const { return comparisons.front(); }
};

/// The rows of the side-by-side configuration table (the run "name" key is left out: it heads the
/// columns), `differs` set where not every run has the same value.
QVector<ConfigRow> configRows(const QVector<ReportRun>& runs);

/// Loads runs, comparisons, curves and gallery images. Safe off the GUI thread. Throws
/// flipbench::UserError for an unknown run or runs on different test sets; returns early with an
/// empty `runs` when `cancelled` is set.
ReportData loadReportData(const ReportOptions& options, const ReportProgress& progress,
                          const std::atomic_bool* cancelled = nullptr);

/// The top `k` negative flips of `comparison` in `order`, with the gallery's own sort.
QVector<int> topNegativeFlips(const Comparison& comparison, FlipGalleryModel::SortOrder order, int k);

} // namespace flipbench::ui
