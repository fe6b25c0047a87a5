#pragma once

// The sections of the PDF report, each drawn onto a ReportCanvas from the loaded ReportData and
// the pre-rendered plots. Plain painting: safe on the worker thread that writes the PDF.

#include "ui/report/report_canvas.h"
#include "ui/report/report_data.h"
#include "ui/report/report_plots.h"

namespace flipbench::ui {

/// A metric value as the report prints it (and the tests look for): formatPercent of the
/// Compare view, e.g. "12.34%".
QString reportPercent(double fraction);

void drawTitleBlock(ReportCanvas& canvas, const ReportData& data);     ///< report_pages_summary.cpp
void drawRunsSection(ReportCanvas& canvas, const ReportData& data);    ///< report_pages_summary.cpp
void drawMetricsSection(ReportCanvas& canvas, const ReportData& data); ///< report_pages_summary.cpp
/// The group table over seeds, when the data has one (ReportData::seedGroups).
void drawSeedsSection(ReportCanvas& canvas, const ReportData& data); ///< report_pages_seeds.cpp
void drawCurvesSection(ReportCanvas& canvas, const ReportData& data, const ReportPlots& plots);   ///< _figures.cpp
void drawFlipsSection(ReportCanvas& canvas, const ReportData& data);                              ///< _figures.cpp
void drawPairwiseSection(ReportCanvas& canvas, const ReportData& data, const ReportPlots& plots); ///< _figures.cpp
void drawGallerySection(ReportCanvas& canvas, const ReportData& data); ///< report_pages_gallery.cpp
void drawAppendix(ReportCanvas& canvas, const ReportData& data);       ///< report_pages_appendix.cpp

} // namespace flipbench::ui
