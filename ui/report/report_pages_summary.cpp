// The report's first pages: title block, the runs and their configurations side by side, and
// the flip metrics of every run against the reference.

#include "ui/report/report_pages.h"

#include "ui/compare/compare_widgets.h"

#include <QDir>

#include <algorithm>

namespace flipbench::ui {

namespace {

const QColor kDiffers(255, 236, 179); // amber: a setting that is not the same in every run
const QColor kReferenceRow(238, 244, 252);

/// "A", "B", "C", ... by position; the first run is the reference.
QString roleOf(int index)
{
    const QString letter = QString(QChar(u'A' + std::min(index, 25)));
    return index == 0 ? QObject::tr("%1 (reference)").arg(letter) : letter;
}

QString signedPoints(double fractionDelta)
{
    return formatPercentPoints(fractionDelta);
}

/// The tags and notes people kept with the runs (notes.json), before the settings: often they say
/// why a run exists ("lr halved after the plateau") better than its config does. Nothing when no
/// run has any.
void drawNotesTable(ReportCanvas& canvas, const ReportData& data)
{
    const bool any = std::any_of(data.runs.begin(), data.runs.end(),
                                 [](const ReportRun& r) { return !r.tags.isEmpty() || !r.note.isEmpty(); });
    if (!any)
        return;
    canvas.heading(QObject::tr("Tags and notes"), 60);
    ReportTable notes;
    notes.header = {QObject::tr("Run"), QObject::tr("Tags"), QObject::tr("Note")};
    notes.weights = {1.6, 1.6, 3.8};
    notes.boldColumns = 1;
    const QString none = QStringLiteral("—");
    for (const ReportRun& r : data.runs)
        notes.rows.append(
            {{r.name, r.tags.isEmpty() ? none : r.tags.join(QStringLiteral(", ")), r.note.isEmpty() ? none : r.note}});
    canvas.table(notes);
}

} // namespace

QString reportPercent(double fraction)
{
    return formatPercent(fraction);
}

void drawTitleBlock(ReportCanvas& canvas, const ReportData& data)
{
    canvas.title(data.title);
    const ReportRun& a = data.runs[0];
    const Comparison& ab = data.ab();
    QString testSet = QObject::tr("%1 test images").arg(ab.samples.size());
    if (!a.datasetSource.isEmpty())
        testSet += QObject::tr(" from %1").arg(a.datasetSource);
    if (!a.fingerprint().isEmpty())
        testSet += QObject::tr(", fingerprint %1").arg(a.fingerprint());

    ReportTable block;
    block.weights = {1, 4.2};
    block.fontSize = 9;
    block.boldColumns = 1;
    block.rows = {
        {{QObject::tr("Date"), QLocale::c().toString(data.generated, QStringLiteral("yyyy-MM-dd HH:mm"))}},
        {{QObject::tr("Workspace"),
          QDir::toNativeSeparators(data.options.workspace.isEmpty() ? QObject::tr("(runs given as paths)")
                                                                    : data.options.workspace)}},
        {{QObject::tr("Versions"),
          QObject::tr("Flipbench %1, LibTorch %2").arg(data.flipbenchVersion, data.libtorchVersion)}},
        {{QObject::tr("Reference (A)"), QObject::tr("%1, trained on %2").arg(a.name, a.device)}},
    };
    for (int i = 1; i < data.runs.size(); ++i)
        block.rows.append({{QObject::tr("Run %1").arg(roleOf(i)),
                            QObject::tr("%1, trained on %2").arg(data.runs[i].name, data.runs[i].device)}});
    block.rows.append({{QObject::tr("Test set"), testSet}});
    canvas.table(block);

    canvas.paragraph(QObject::tr("In short: %1 reaches %2 test accuracy against %3 for %4 (%5). On %6 of the "
                                 "test samples %4 was right and %1 is wrong: the negative flip rate (NFR).")
                         .arg(data.runs[1].name, reportPercent(ab.report.accB), reportPercent(ab.report.accA), a.name,
                              signedPoints(ab.report.accB - ab.report.accA), reportPercent(ab.report.nfr)),
                     9.5);
    if (!ab.note.isEmpty())
        canvas.paragraph(ab.note, 8, QColor(120, 80, 0));
}

void drawRunsSection(ReportCanvas& canvas, const ReportData& data)
{
    canvas.section(QObject::tr("The runs compared"), false, 120);
    ReportTable runs;
    runs.header = {QObject::tr("Role"),   QObject::tr("Run"),      QObject::tr("Method"),
                   QObject::tr("Device"), QObject::tr("Finished"), QObject::tr("Test accuracy")};
    runs.weights = {1.2, 2.2, 0.9, 1.3, 1.4, 1.0};
    for (int i = 0; i < data.runs.size(); ++i) {
        const ReportRun& r = data.runs[i];
        ReportTable::Row row{{roleOf(i), r.name, r.method, r.device,
                              r.finished.isValid()
                                  ? QLocale::c().toString(r.finished.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"))
                                  : r.state,
                              reportPercent(r.accuracy)}};
        if (i == 0)
            row.background = kReferenceRow;
        runs.rows.append(row);
    }
    canvas.table(runs);

    canvas.heading(QObject::tr("Data set"), 60);
    ReportTable dataset;
    dataset.header = {QObject::tr("Run"), QObject::tr("Source"), QObject::tr("Test images"),
                      QObject::tr("Fingerprint")};
    dataset.weights = {1.6, 2.0, 0.8, 2.6};
    for (const ReportRun& r : data.runs)
        dataset.rows.append(
            {{r.name, r.datasetSource.isEmpty() ? QStringLiteral("—") : r.datasetSource, QString::number(r.testSize),
              r.fingerprint().isEmpty() ? QObject::tr("none recorded") : r.fingerprint()}});
    canvas.table(dataset);

    drawNotesTable(canvas, data);
    if (data.config.isEmpty()) {
        canvas.paragraph(QObject::tr("No configuration recorded (config.json missing in every run)."));
        return;
    }
    canvas.heading(QObject::tr("Configurations side by side"), 80);
    canvas.paragraph(QObject::tr("Every setting of config.json; highlighted rows differ between the runs."), 8,
                     QColor(90, 90, 90));
    ReportTable config;
    config.header << QObject::tr("Setting");
    config.weights << 1.7;
    for (const ReportRun& r : data.runs) {
        config.header << r.name;
        config.weights << 1.0;
    }
    config.fontSize = 7;
    config.boldColumns = 1;
    for (const ConfigRow& c : data.config) {
        ReportTable::Row row{QStringList{c.key} + c.values};
        if (c.differs) {
            row.background = kDiffers;
            row.bold = true;
        }
        config.rows.append(row);
    }
    canvas.table(config);
}

void drawMetricsSection(ReportCanvas& canvas, const ReportData& data)
{
    ReportTable metrics;
    metrics.header << QObject::tr("Metric");
    metrics.weights << 1.5;
    for (int i = 1; i < data.runs.size(); ++i) {
        metrics.header << QObject::tr("%1: %2").arg(roleOf(i), data.runs[i].name);
        metrics.weights << 1.0;
    }
    metrics.fontSize = 8.5;
    metrics.boldColumns = 1;
    using Getter = std::function<QString(const Comparison&)>;
    const QVector<QPair<QString, Getter>> rows = {
        {QObject::tr("Accuracy of %1 (A)").arg(data.runs[0].name),
         [](const Comparison& c) { return reportPercent(c.report.accA); }},
        {QObject::tr("Accuracy of the run"), [](const Comparison& c) { return reportPercent(c.report.accB); }},
        {QObject::tr("Accuracy difference"),
         [](const Comparison& c) { return signedPoints(c.report.accB - c.report.accA); }},
        {QObject::tr("NFR"), [](const Comparison& c) { return reportPercent(c.report.nfr); }},
        {QObject::tr("PFR"), [](const Comparison& c) { return reportPercent(c.report.pfr); }},
        {QObject::tr("NFI"), [](const Comparison& c) { return reportPercent(c.report.nfi); }},
        {QObject::tr("BTC"), [](const Comparison& c) { return reportPercent(c.report.btc); }},
        {QObject::tr("BEC"), [](const Comparison& c) { return reportPercent(c.report.bec); }},
        {QObject::tr("Negative flips"),
         [](const Comparison& c) { return QString::number(c.report.table.negativeFlips); }},
        {QObject::tr("Positive flips"),
         [](const Comparison& c) { return QString::number(c.report.table.positiveFlips); }},
    };
    for (int r = 0; r < rows.size(); ++r) {
        ReportTable::Row row{{rows[r].first}};
        for (const Comparison& c : data.comparisons)
            row.cells << rows[r].second(c);
        if (rows[r].first == QLatin1String("NFR"))
            row.background = QColor(255, 228, 228);
        metrics.rows.append(row);
    }
    const QVector<QPair<QString, QString>> definitions = {
        {QObject::tr("Accuracy"), QObject::tr("share of test samples a model classifies correctly.")},
        {QObject::tr("NFR"), QObject::tr("negative flip rate: share of test samples A gets right and the new run "
                                         "gets wrong.")},
        {QObject::tr("PFR"), QObject::tr("positive flip rate: share of test samples A gets wrong and the new run "
                                         "gets right.")},
        {QObject::tr("NFI"), QObject::tr("negative flip impact: negative flips divided by the new run's errors.")},
        {QObject::tr("BTC"), QObject::tr("backward trust compatibility: samples both get right divided by samples "
                                         "A gets right.")},
        {QObject::tr("BEC"), QObject::tr("backward error compatibility: samples both get wrong divided by samples "
                                         "B gets wrong (1 when B makes no errors).")},
    };
    const QString definitionsHeading = QObject::tr("Definitions");

    // Short: on the page of the configurations when it fits there, but the table and its
    // definitions stay together, so that no page holds the six definitions alone.
    const QString title = QObject::tr("Metrics against the reference %1").arg(data.runs[0].name);
    const qreal block =
        canvas.tableHeight(metrics) + canvas.headingHeight(definitionsHeading) + canvas.definitionsHeight(definitions);
    // section() keeps its title plus keepWith on the page, not the 12 + 8 points around the title.
    const qreal around = 20;
    const qreal titleHeight = canvas.textHeight(title, canvas.font(14, true), canvas.content().width());
    const bool fitsOnAPage = titleHeight + around + block <= canvas.content().height();
    canvas.section(title, false, fitsOnAPage ? block + around : 220);
    canvas.table(metrics);
    canvas.heading(definitionsHeading, canvas.definitionsHeight(definitions));
    canvas.definitions(definitions);
    for (const Comparison& c : data.comparisons)
        if (!c.note.isEmpty())
            canvas.paragraph(QObject::tr("%1 vs %2: %3").arg(c.nameA, c.nameB, c.note), 8, QColor(120, 80, 0));
}

} // namespace flipbench::ui
