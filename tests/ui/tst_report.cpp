// The PDF comparison report, read back with poppler-utils: hand-made runs with known logits (the
// flip fixture) give known metrics, which must appear in the PDF's text exactly as the core
// computes them; pages and page size come from pdfinfo, embedded thumbnails from pdfimages. Bad
// input fails with a clear message and leaves no file. The real `flipbench report` binary runs
// headless, with no display in its environment, and so do its --help and --version. Offscreen; no timing.

#include "flip_fixture.h"
#include "test_support.h"

#include "ui/compare/comparison.h"
#include "ui/compare/compare_widgets.h"
#include "ui/app/main_window.h"
#include "ui/report/report_builder.h"
#include "ui/report/report_dialog.h"
#include "ui/report/report_canvas.h"
#include "ui/report/report_data.h"
#include "ui/report/report_options.h"
#include "ui/report/report_pages.h"

#include "flipbench/util/errors.h"
#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/runs/run_notes.h"
#include "flipbench/runs/run_store.h"

#include <QBuffer>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include <torch/torch.h>

#ifndef FLIPBENCH_GUI_PATH
#error "FLIPBENCH_GUI_PATH must name the flipbench executable"
#endif

using fbtest::toQString;
using flipbench::ui::ReportOptions;
namespace fs = std::filesystem;

namespace {

/// stdout of a poppler tool, or a null string when it did not run.
QString popplerOutput(const QString& tool, const QStringList& arguments)
{
    const fbtest::ProcessResult result = fbtest::runProcess(QStandardPaths::findExecutable(tool), arguments);
    return result.exitCode == 0 ? result.out : QString();
}

/// The rows of `pdfimages -list` (after its two header lines).
QStringList imageRows(const QString& pdf)
{
    QStringList rows = popplerOutput(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf})
                           .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return rows.mid(2);
}

int pageCount(const QString& pdf)
{
    const QString info = popplerOutput(QStringLiteral("pdfinfo"), {pdf});
    const auto match = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

QString pdfTitle(const QString& pdf)
{
    const QString info = popplerOutput(QStringLiteral("pdfinfo"), {pdf});
    const auto match = QRegularExpression(QStringLiteral("Title:\\s+([^\\n]*)")).match(info);
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

/// The text of each page (pdftotext ends every page with a form feed).
QStringList pageTexts(const QString& pdf)
{
    return popplerOutput(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}).split(QLatin1Char('\f'));
}

/// Three epochs of four logged steps, as the trainer writes them; NFR only against a reference.
void writeMetrics(const QString& run, double accuracy, bool hasReference)
{
    const auto folder = flipbench::RunFolder::open(fbtest::toPath(run));
    for (int epoch = 1; epoch <= 3; ++epoch) {
        for (int step = 1; step <= 4; ++step) {
            const double loss = 2.0 / (4 * (epoch - 1) + step);
            flipbench::StepRecord record;
            record.epoch = epoch;
            record.step = step;
            record.globalStep = 4 * (epoch - 1) + step;
            record.loss = record.crossEntropy = loss;
            record.distillation = 0.0;
            folder.appendMetrics(record);
        }
        flipbench::EpochRecord record;
        record.epoch = epoch;
        record.testAccuracy = accuracy * epoch / 3;
        if (hasReference)
            record.testNfr = 0.1 / epoch;
        folder.appendMetrics(record);
    }
}

QString pageSize(const QString& pdf)
{
    const QString info = popplerOutput(QStringLiteral("pdfinfo"), {pdf});
    const auto match = QRegularExpression(QStringLiteral("Page size:\\s+([\\d.]+ x [\\d.]+) pts")).match(info);
    return match.hasMatch() ? match.captured(1) : QString();
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    QString workspace_, runA_, runB_, runC_, other_;

    ReportOptions options(const QStringList& runs, const QString& output) const
    {
        ReportOptions o;
        o.workspace = workspace_;
        o.runs = runs;
        o.output = toQString(scratch_ / output.toStdString());
        o.topK = 5;
        return o;
    }

    /// The real `flipbench` with `arguments`, with no display (nor a Qt platform) in its environment.
    static fbtest::ProcessResult runWithoutDisplay(const QStringList& arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(FLIPBENCH_GUI_PATH), arguments);
        process.waitForFinished(-1);
        return fbtest::finishedResult(process);
    }

    static void writeConfig(const QString& run, double lr)
    {
        flipbench::RunFolder::open(fbtest::toPath(run))
            .writeJson("config.json", {{"name", "x"},
                                       {"method", {{"name", "baseline"}, {"reference", nlohmann::json::array()}}},
                                       {"train", {{"lr", lr}, {"epochs", 3}, {"device", "cpu"}}}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        for (const char* tool : {"pdftotext", "pdfinfo", "pdfimages"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                QSKIP("poppler-utils (pdftotext, pdfinfo, pdfimages) is not installed: the report tests read the "
                      "PDF back with it. Install it with scripts/install-deps.sh.");
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch_ / "data");
        const fs::path ws = scratch_ / "ws";
        runA_ = fbtest::writeCompletedRun(ws, "alpha-old", fbtest::plannedLogitsOf(true), data, data.test.labels,
                                          fingerprint);
        runB_ = fbtest::writeCompletedRun(ws, "beta-new", fbtest::plannedLogitsOf(false), data, data.test.labels,
                                          fingerprint);
        // A third model: A's logits with the first class boosted everywhere.
        auto third = fbtest::plannedLogitsOf(true).clone();
        third.index_put_({torch::indexing::Slice(0, 4), 0}, 10.0f);
        runC_ = fbtest::writeCompletedRun(ws, "gamma-third", third, data, data.test.labels, fingerprint);
        other_ = fbtest::writeCompletedRun(ws, "delta-other-set", fbtest::plannedLogitsOf(false), data,
                                           data.test.labels, "fnv1a64:someothertestset:n=12");
        writeConfig(runA_, 0.1);
        writeConfig(runB_, 0.05);
        writeMetrics(runA_, 0.6, false);
        writeMetrics(runB_, 0.5, true);
        writeMetrics(runC_, 0.55, true);
        workspace_ = toQString(ws);
    }

    void reportShowsTheCoreMetricsAndRunNames()
    {
        const ReportOptions o = options({runA_, runB_}, "two.pdf");
        const auto file = flipbench::ui::buildReport(o);
        QCOMPARE(file.path, o.output);
        QVERIFY(QFileInfo::exists(o.output));

        // The numbers the core computes from the same logits, printed the way the report prints them.
        std::vector<int64_t> planned;
        for (const fbtest::PlannedOutcome& s : fbtest::plannedOutcomes())
            planned.push_back(s.label);
        const auto labels = torch::tensor(planned);
        const auto core =
            flipbench::compareLogits(fbtest::plannedLogitsOf(true), fbtest::plannedLogitsOf(false), labels);
        const auto ui = flipbench::ui::computeComparison(runA_, runB_);
        QCOMPARE(ui.report.nfr, core.nfr);
        const QString text = popplerOutput(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), o.output, "-"});
        QVERIFY(!text.isEmpty());
        for (double value : {core.accA, core.accB, core.nfr, core.pfr, core.nfi, core.btc, core.bec}) {
            const QString expected = flipbench::ui::formatPercent(value);
            QVERIFY2(text.contains(expected), qPrintable(expected + " missing from the PDF text"));
        }
        QVERIFY(text.contains(QStringLiteral("50.00%"))); // NFR: 6 of 12 by construction
        QVERIFY(text.contains(QStringLiteral("85.71%"))); // NFI: 6 of B's 7 errors
        for (const char* name : {"alpha-old", "beta-new"})
            QVERIFY2(text.contains(QLatin1String(name)), name);
        for (const char* heading : {"Training curves", "Where the flips are", "negative flips of", "Appendix"})
            QVERIFY2(text.contains(QLatin1String(heading)),
                     qPrintable(QStringLiteral("%1 missing from:\n%2").arg(heading, text)));
        QVERIFY(!text.contains(QStringLiteral("All runs against each other"))); // only with 3+ runs
        QVERIFY(!text.contains(QStringLiteral("Tags and notes")));              // only when a run has some

        QCOMPARE(pageCount(o.output), file.pages);
        QCOMPARE(pageSize(o.output), QStringLiteral("595 x 842")); // A4 in points
        QCOMPARE(pdfTitle(o.output), QStringLiteral("Model comparison: alpha-old vs beta-new"));

        // Five thumbnails (K = 5 of 6 negative flips), each its 32x32 original, none JPEG-compressed.
        const QStringList images = imageRows(o.output);
        int thumbnails = 0;
        for (const QString& row : images) {
            const QStringList f = row.simplified().split(QLatin1Char(' '));
            if (f.value(2) == QLatin1String("image") && f.value(3) == QLatin1String("32") && f.value(4) == "32")
                ++thumbnails;
            QVERIFY2(f.value(8) != QLatin1String("jpeg"), qPrintable(row));
        }
        QVERIFY2(thumbnails >= o.topK, qPrintable(images.join('\n')));
    }

    // A workspace with groups of several seeds (flip_fixture.h, writeSeedGroupsWorkspace) adds the
    // "Over seeds" section: the group table against A and each method against retraining.
    void groupsOfSeedsAddTheOverSeedsSection()
    {
        fbtest::ScratchDir scratch;
        const auto ws = fbtest::writeSeedGroupsWorkspace(scratch.path());
        ReportOptions o;
        o.workspace = toQString(ws.workspace);
        o.runs = {toQString(ws.old), toQString(ws.runs[1])};
        o.output = toQString(scratch / "seeds.pdf");
        o.topK = 5;
        const auto data = flipbench::ui::loadReportData(o, {});
        QVERIFY(data.seedGroups.has_value());
        QCOMPARE(data.seedGroups->rows.size(), size_t(3));
        QCOMPARE(data.seedGroups->baseline, std::string("base"));
        flipbench::ui::buildReport(o);
        const QString text = popplerOutput(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), o.output, "-"});
        const QString section = text.mid(text.indexOf(QStringLiteral("Over seeds: every group")));
        for (const char* expected : {"Over seeds: every group of runs against old", "33.33 ± 23.57", "Noise floor",
                                     "Against retraining", "NFR -25.00 points (-75%)"})
            QVERIFY2(section.contains(QString::fromUtf8(expected)),
                     qPrintable(QStringLiteral("%1 missing from:\n%2").arg(QString::fromUtf8(expected), section)));
        // Single runs (the suite's own workspace) have no such section.
        QVERIFY(!flipbench::ui::loadReportData(options({runA_, runB_}, "unused.pdf"), {}).seedGroups);
    }

    void letterPagesAndMoreRunsAddThePairwiseSection()
    {
        ReportOptions o = options({runA_, runB_, runC_}, "three.pdf");
        o.pageSize = QPageSize::Letter;
        const auto file = flipbench::ui::buildReport(o);
        QCOMPARE(pageSize(o.output), QStringLiteral("612 x 792"));
        QCOMPARE(pageCount(o.output), file.pages);
        // Not "alpha-old vs beta-new": both other runs are compared with the reference.
        QCOMPARE(pdfTitle(o.output), QStringLiteral("Model comparison: 2 runs against alpha-old"));
        const QString text = popplerOutput(QStringLiteral("pdftotext"), {o.output, "-"});
        QVERIFY(text.contains(QStringLiteral("All runs against each other")));
        QVERIFY(text.contains(QStringLiteral("gamma-third")));
        const auto pairwise = flipbench::ui::computePairwiseNfr({runA_, runB_, runC_});
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                if (i != j)
                    QVERIFY(text.contains(flipbench::ui::formatPercent(pairwise.nfr[i][j])));
        // Every run is compared with the reference: A vs C's NFR is in the metrics table too.
        QVERIFY(text.contains(flipbench::ui::formatPercent(flipbench::ui::computeComparison(runA_, runC_).report.nfr)));
    }

    void curvesPageNamesEachRunOnce()
    {
        ReportOptions o = options({runA_, runB_, runC_}, "curves.pdf");
        o.title = QStringLiteral("Curves check"); // the footer of every page repeats the title: no run names there
        flipbench::ui::buildReport(o);
        QString curvesPage;
        for (const QString& page : pageTexts(o.output))
            if (page.contains(QStringLiteral("Training curves")))
                curvesPage = page;
        QVERIFY2(!curvesPage.isEmpty(), "no page with the training curves");
        // One key for the loss, accuracy and NFR plots, not a legend per plot.
        for (const QString& name :
             {QStringLiteral("alpha-old"), QStringLiteral("beta-new"), QStringLiteral("gamma-third")})
            QVERIFY2(
                curvesPage.count(name) == 1,
                qPrintable(
                    QStringLiteral("%1 named %2 times on:\n%3").arg(name).arg(curvesPage.count(name)).arg(curvesPage)));
    }

    void definitionsStayWithTheMetricsTable()
    {
        const flipbench::ui::ReportData data =
            flipbench::ui::loadReportData(options({runA_, runB_, runC_}, "unused.pdf"), {});
        QBuffer pdf;
        QVERIFY(pdf.open(QIODevice::WriteOnly));
        QPdfWriter writer(&pdf);
        writer.setResolution(72);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Point);
        QPainter painter(&writer);
        flipbench::ui::ReportCanvas canvas(&writer, &painter, QStringLiteral("footer"));
        const qreal top = canvas.content().top();
        flipbench::ui::drawMetricsSection(canvas, data);
        QCOMPARE(canvas.pageCount(), 1);
        const qreal whole = canvas.y() - top; // the section on a page of its own

        // Started anywhere on a page, the section either fits where it starts or moves to the next
        // page whole: the table is never left behind with its definitions on a page of their own.
        for (qreal left = 0; left < canvas.content().height(); left += 3) {
            canvas.newPage();
            canvas.setY(canvas.content().bottom() - left);
            const int pages = canvas.pageCount();
            flipbench::ui::drawMetricsSection(canvas, data);
            if (canvas.pageCount() == pages)
                continue;
            QCOMPARE(canvas.pageCount(), pages + 1);
            QVERIFY2(qAbs(canvas.y() - top - whole) < 0.5,
                     qPrintable(QStringLiteral("with %1 pt left on the page, %2 pt of the section went on the next "
                                               "page, not all %3")
                                    .arg(left)
                                    .arg(canvas.y() - top)
                                    .arg(whole)));
        }
        painter.end();
    }

    void badInputFailsAndLeavesNoFile()
    {
        // Unknown run: the message names it and the workspace.
        const auto unknown = fbtest::thrownMessage<flipbench::UserError>(
            [&] { flipbench::ui::resolveReportRun(workspace_, QStringLiteral("no-such-run")); });
        QVERIFY(unknown && fbtest::contains(*unknown, "no-such-run") &&
                fbtest::contains(*unknown, workspace_.toStdString()));

        // Different test sets: an existing report of that name stays as it was.
        const ReportOptions mixed = options({runA_, other_}, "mixed.pdf");
        fbtest::writeText(fbtest::toPath(mixed.output), "previous report");
        const auto mismatch = fbtest::thrownMessage<flipbench::UserError>([&] { flipbench::ui::buildReport(mixed); });
        QVERIFY(mismatch);
        QVERIFY2(fbtest::contains(*mismatch, "test set"), mismatch->c_str());
        QCOMPARE(fbtest::readBytes(fbtest::toPath(mixed.output)).size(), size_t(15));

        // Unwritable target: a folder that does not exist, and a "folder" that is a file.
        for (const QString& output :
             {toQString(scratch_ / "missing" / "r.pdf"), toQString(scratch_ / "two.pdf" / "r.pdf")}) {
            ReportOptions o = options({runA_, runB_}, "unused.pdf");
            o.output = output;
            const auto error = fbtest::thrownMessage<flipbench::UserError>([&] { flipbench::ui::buildReport(o); });
            QVERIFY2(error && fbtest::contains(*error, "Cannot write"), error ? error->c_str() : "no error");
            QVERIFY(!QFileInfo::exists(output));
        }
        // Nothing half-written anywhere: no temporary files next to the reports.
        const QStringList left = QDir(toQString(scratch_.path())).entryList(QDir::Files);
        for (const QString& name : left)
            QVERIFY2(name.endsWith(QLatin1String(".pdf")), qPrintable(name));
    }

    void tagsAndNotesAreListedWithTheConfigurations()
    {
        const auto run = flipbench::RunFolder::open(fbtest::toPath(runB_));
        struct RemoveAfterwards {
            fs::path file;
            ~RemoveAfterwards()
            {
                std::error_code ignored;
                fs::remove(file, ignored); // the other cases expect runs without notes
            }
        } cleanup{run.file("notes.json")};
        flipbench::RunNotes notes;
        notes.tags = {"lr-sweep", "seed 2"};
        notes.note = "Halved the learning rate after the plateau.";
        flipbench::writeRunNotes(run, notes);

        const ReportOptions o = options({runA_, runB_}, "notes.pdf");
        flipbench::ui::buildReport(o);
        const QString text = popplerOutput(QStringLiteral("pdftotext"), {o.output, "-"});
        // Under their own heading, in the section of the runs and their configurations.
        const int heading = text.indexOf(QStringLiteral("Tags and notes"));
        QVERIFY2(heading > text.indexOf(QStringLiteral("The runs compared")), qPrintable(text));
        QVERIFY2(heading < text.indexOf(QStringLiteral("Metrics against the reference")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("lr-sweep, seed 2")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Halved the learning rate")), qPrintable(text));
    }

    void dialogExportsAndOffersToOpenThePdf()
    {
        flipbench::ui::ReportDialog dialog(workspace_, {runA_, runB_, runC_}, {runA_, runB_});
        QCOMPARE(dialog.options().runs, (QStringList{runA_, runB_}));
        QCOMPARE(dialog.options().topK, 48);
        auto* output = dialog.findChild<QLineEdit*>(QStringLiteral("reportOutput"));
        output->setText(toQString(scratch_ / "dialog.pdf"));
        QSignalSpy finished(dialog.builder(), &flipbench::ui::ReportBuilder::finished);
        QVERIFY(dialog.startExport());
        QVERIFY(fbtest::waitUntil([&] { return finished.count() > 0; }, 60000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(QFileInfo::exists(toQString(scratch_ / "dialog.pdf")));
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("reportOpenButton"))->isHidden());
        QVERIFY(dialog.statusText().contains(QStringLiteral("pages")));
    }

    void fileMenuOpensTheDialogWithTheWorkspaceRuns()
    {
        flipbench::ui::MainWindow window;
        QVERIFY(window.openWorkspace(workspace_));
        QAction* action = nullptr;
        for (QAction* a : window.menuBar()->actions().first()->menu()->actions())
            if (a->text() == QStringLiteral("Export &Report…"))
                action = a;
        QVERIFY(action);
        action->trigger();
        auto* dialog = window.findChild<flipbench::ui::ReportDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QListWidget*>(QStringLiteral("reportRuns"))->count(), 4); // the completed runs
        dialog->close();
    }

    void helpAndVersionWorkWithoutADisplay()
    {
        const auto help = runWithoutDisplay({QStringLiteral("--help")});
        QVERIFY2(help.exitCode == 0, qPrintable(help.describe()));
        QVERIFY2(help.out.contains(QStringLiteral("--workspace")), qPrintable(help.describe()));
        // The headless command is listed, with how to call it.
        QVERIFY2(help.out.contains(QStringLiteral("report --workspace DIR RUN_A RUN_B")), qPrintable(help.describe()));
        const auto version = runWithoutDisplay({QStringLiteral("--version")});
        QVERIFY2(version.exitCode == 0, qPrintable(version.describe()));
        QVERIFY2(version.out.contains(QStringLiteral(FLIPBENCH_VERSION)), qPrintable(version.describe()));
        // The window cannot open: a message that says why and what works instead, not a crash.
        const auto window = runWithoutDisplay({});
        QVERIFY2(window.exitCode == 1, qPrintable(window.describe()));
        QVERIFY2(window.err.contains(QStringLiteral("no display")), qPrintable(window.describe()));
        QVERIFY2(window.err.contains(QStringLiteral("flipbench report")), qPrintable(window.describe()));
    }

    void commandLineRunsWithoutADisplay()
    {
        auto run = [&](const QStringList& arguments) {
            return runWithoutDisplay(QStringList{QStringLiteral("report")} + arguments);
        };
        const QString out = toQString(scratch_ / "cli.pdf");
        const auto ok = run({"--workspace", workspace_, "alpha-old", "beta-new", "-o", out, "--top-k", "3", "--sort",
                             "wrong-confidence", "--page-size", "Letter"});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.describe()));
        QVERIFY(ok.out.contains(QStringLiteral("Wrote")));
        QCOMPARE(pageSize(out), QStringLiteral("612 x 792"));
        QVERIFY(popplerOutput(QStringLiteral("pdftotext"), {out, "-"}).contains(QStringLiteral("beta-new")));

        const QString missing = toQString(scratch_ / "cli-missing.pdf");
        const auto unknown = run({"--workspace", workspace_, "alpha-old", "nope", "-o", missing});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(QStringLiteral("'nope' not found")), qPrintable(unknown.describe()));
        QVERIFY(!QFileInfo::exists(missing));

        const auto mixed = run({"--workspace", workspace_, "alpha-old", "delta-other-set", "-o", missing});
        QCOMPARE(mixed.exitCode, 1);
        QVERIFY(!QFileInfo::exists(missing));

        const auto usage = run({"--workspace", workspace_, "alpha-old", "-o", missing});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains(QStringLiteral("Usage: flipbench report")));
        QCOMPARE(run({"alpha-old", "beta-new", "-o", missing, "--page-size", "A3", "--workspace", workspace_}).exitCode,
                 2);
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
