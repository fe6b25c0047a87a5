#include "ui/report/report_writer.h"

#include "ui/report/report_pages.h"

#include "flipbench/util/errors.h"

#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <functional>

namespace flipbench::ui {

namespace {

[[noreturn]] void fail(const QString& message)
{
    throw UserError(message.toStdString());
}

} // namespace

ReportFileInfo writeReportPdf(const ReportData& data, const ReportPlots& plots, const ReportProgress& progress,
                              const std::atomic_bool* cancelled)
{
    const QString output = QFileInfo(data.options.output).absoluteFilePath();
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly))
        fail(QObject::tr("Cannot write %1: %2. Choose another file or folder.")
                 .arg(QDir::toNativeSeparators(output), file.errorString()));

    QPdfWriter writer(&file);
    writer.setResolution(72); // one device unit = one PDF point
    writer.setPageSize(QPageSize(data.options.pageSize));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Point);
    writer.setTitle(data.title);
    writer.setCreator(QStringLiteral("Flipbench %1").arg(data.flipbenchVersion));

    QPainter painter;
    if (!painter.begin(&writer))
        fail(QObject::tr("Cannot start the PDF in %1.").arg(QDir::toNativeSeparators(output)));
    painter.setRenderHint(QPainter::Antialiasing);
    ReportCanvas canvas(&writer, &painter, data.title);

    const ReportOptions& o = data.options;
    const bool pairwise = data.pairwise && o.has(ReportSection::Pairwise);
    QVector<QPair<QString, std::function<void()>>> steps;
    steps.append({QObject::tr("Title page"), [&] {
                      drawTitleBlock(canvas, data);
                      if (o.has(ReportSection::Runs))
                          drawRunsSection(canvas, data);
                  }});
    if (o.has(ReportSection::Metrics))
        steps.append({QObject::tr("Metrics"), [&] { drawMetricsSection(canvas, data); }});
    if (o.has(ReportSection::Metrics) && data.seedGroups)
        steps.append({QObject::tr("Over seeds"), [&] { drawSeedsSection(canvas, data); }});
    if (o.has(ReportSection::Curves))
        steps.append({QObject::tr("Training curves"), [&] { drawCurvesSection(canvas, data, plots); }});
    if (o.has(ReportSection::Flips))
        steps.append({QObject::tr("Flip matrices"), [&] { drawFlipsSection(canvas, data); }});
    if (pairwise)
        steps.append({QObject::tr("Pairwise NFR"), [&] { drawPairwiseSection(canvas, data, plots); }});
    if (o.has(ReportSection::Gallery))
        steps.append({QObject::tr("Gallery"), [&] { drawGallerySection(canvas, data); }});
    if (o.has(ReportSection::Appendix))
        steps.append({QObject::tr("Appendix"), [&] { drawAppendix(canvas, data); }});

    for (int i = 0; i < steps.size(); ++i) {
        if (cancelled && cancelled->load()) {
            painter.end();
            file.cancelWriting(); // QSaveFile removes its temporary file; the target is untouched
            return {};
        }
        if (progress)
            progress(double(i) / steps.size(), steps[i].first);
        steps[i].second();
    }
    if (!painter.end())
        fail(QObject::tr("Could not finish the PDF %1.").arg(QDir::toNativeSeparators(output)));
    if (!file.commit())
        fail(QObject::tr("Cannot write %1: %2.").arg(QDir::toNativeSeparators(output), file.errorString()));
    if (progress)
        progress(1.0, QObject::tr("Done"));
    return {output, canvas.pageCount(), QFileInfo(output).size()};
}

} // namespace flipbench::ui
