#pragma once

// What a PDF comparison report contains and where it goes: chosen in the Export Report dialog or
// on the `flipbench report` command line, then handed unchanged to the ReportBuilder.

#include "ui/compare/flip_gallery_model.h"

#include <QPageSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace flipbench::ui {

/// The optional parts of a report. The title block is always there; Pairwise is drawn only with
/// more than two runs.
enum class ReportSection {
    Runs = 0x01,     ///< configurations side by side, data set and fingerprint
    Metrics = 0x02,  ///< accuracy and flip metrics of every run against the reference
    Curves = 0x04,   ///< loss, accuracy and NFR per epoch
    Flips = 0x08,    ///< 2x2 flip matrix and per-class negative-flip heatmap
    Pairwise = 0x10, ///< pairwise NFR heatmap and accuracy-vs-NFR scatter
    Gallery = 0x20,  ///< the top K negative flips of A vs B with their images
    Appendix = 0x40, ///< FD / LDI objectives and the hyperparameters used
};
constexpr int kAllReportSections = 0x7f;

struct ReportOptions {
    QString title;     ///< empty: "Model comparison: A vs B"
    QString workspace; ///< shown in the title block; run names are resolved against it
    QStringList runs;  ///< run folders (absolute); the first is the reference A, the second B
    QString output;    ///< the PDF file to write
    int topK = 48;     ///< gallery size (fewer when A vs B has fewer negative flips)
    FlipGalleryModel::SortOrder sort = FlipGalleryModel::SortOrder::ConfidenceDrop;
    QPageSize::PageSizeId pageSize = QPageSize::A4;
    int sections = kAllReportSections;

    bool has(ReportSection section) const { return (sections & int(section)) != 0; }
};

/// The command-line spelling of a gallery order: confidence-drop, wrong-confidence, class, index.
QString sortOrderName(FlipGalleryModel::SortOrder order);
/// The order a command-line name means, or nothing for an unknown name.
std::optional<FlipGalleryModel::SortOrder> sortOrderFromName(const QString& name);
/// What the order means, for the dialog and the report ("largest drop in p(true class) first").
QString sortOrderDescription(FlipGalleryModel::SortOrder order);
const QList<FlipGalleryModel::SortOrder>& allSortOrders();

/// A4 or Letter (case-insensitive), or nothing.
std::optional<QPageSize::PageSizeId> pageSizeFromName(const QString& name);

/// A run given by name (a folder of `workspace`) or as an absolute path, as an absolute path.
/// Throws flipbench::UserError naming the workspace when no such run folder exists.
QString resolveReportRun(const QString& workspace, const QString& run);

/// Checks what can be checked before any work: at least two distinct runs, K >= 1, an output
/// path ending in .pdf whose folder exists and is writable. Throws flipbench::UserError.
void validateReportOptions(const ReportOptions& options);

} // namespace flipbench::ui
