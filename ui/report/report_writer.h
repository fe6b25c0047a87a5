#pragma once

// Writes the PDF report: Qt's own PDF engine (QPdfWriter + QPainter) into a QSaveFile next to the
// target, renamed over it only when every page is done, so a failure or a cancel never leaves a
// half-written report behind. Safe off the GUI thread.

#include "ui/report/report_data.h"
#include "ui/report/report_plots.h"

namespace flipbench::ui {

struct ReportFileInfo {
    QString path;
    int pages = 0;
    qint64 bytes = 0;
};

/// Throws flipbench::UserError when the file cannot be written; returns an empty path (and
/// writes nothing) when `cancelled` is set meanwhile.
ReportFileInfo writeReportPdf(const ReportData& data, const ReportPlots& plots, const ReportProgress& progress,
                              const std::atomic_bool* cancelled = nullptr);

} // namespace flipbench::ui
