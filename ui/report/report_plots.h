#pragma once

// The report's plots as vector pictures. QCustomPlot is a widget, so these must be drawn on the
// GUI thread; each one is a short step (one plot, a few milliseconds) that the ReportBuilder runs
// in its own event-loop turn. The recorded QPicture is then replayed into the PDF on the worker
// thread, keeping lines as paths and labels as text.

#include "ui/report/report_data.h"

#include <QPicture>
#include <QSizeF>

namespace flipbench::ui {

enum class ReportPlotKind { Loss, Accuracy, Nfr, Tradeoff };

struct ReportPlot {
    QPicture picture; ///< recorded for `size` points (see ReportCanvas::picture)
    QSizeF size;
    bool isEmpty() const { return size.isEmpty(); }
};

struct ReportPlots {
    ReportPlot loss, accuracy, nfr, tradeoff;
    ReportPlot& of(ReportPlotKind kind);
};

/// The plots `data` needs, in drawing order (the scatter only with more than two runs).
QVector<ReportPlotKind> reportPlotKinds(const ReportData& data);

/// The width left between the page margins, in points.
qreal reportContentWidth(QPageSize::PageSizeId pageSize);

/// Draws one plot into a picture of its report size. GUI thread only.
ReportPlot renderReportPlot(ReportPlotKind kind, const ReportData& data);

} // namespace flipbench::ui
