// Training curves of the GUI: reading metrics.jsonl, live progress, smoothing, and the CurvesPanel
// widget (plots, toggles, export). Runs on the offscreen platform.

#include "ui/curves/curve_smoothing.h"
#include "ui/curves/curve_store.h"
#include "ui/curves/curves_panel.h"
#include "ui/curves/run_curves.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QToolTip>
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using namespace flipbench::ui;

namespace {

constexpr int kStepsPerEpoch = 20;
constexpr int kLogEvery = 5;

double lossAt(qint64 globalStep)
{
    return 2.0 - 0.02 * static_cast<double>(globalStep);
}

QString number(double value)
{
    return QString::number(value, 'g', 17);
}

void writeFile(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(file.write(text), qint64(text.size()));
}

/// metrics.jsonl of a run trained 2 epochs of 20 steps, logged every 5 steps, as the trainer writes
/// it: step records (total = 0.8 ce + 0.2 distillation, like an FD run), one epoch record per epoch
/// and, when `withFlips`, the rates against the reference. The last line is torn, as when the
/// trainer is still writing it.
void writeMetrics(const QString& runDir, bool withFlips, bool withDistillation = true)
{
    QByteArray text;
    for (int epoch = 1; epoch <= 2; ++epoch) {
        for (int step = kLogEvery; step <= kStepsPerEpoch; step += kLogEvery) {
            const qint64 global = (epoch - 1) * kStepsPerEpoch + step;
            const double loss = lossAt(global);
            const double reg = withDistillation ? 0.2 * loss : 0.0;
            text += QStringLiteral(R"({"type":"step","epoch":%1,"step":%2,"global_step":%3,"loss":%4,"ce":%5,)"
                                   R"("reg":%6,"lr":0.1,"img_s":1234.5})")
                        .arg(epoch)
                        .arg(step)
                        .arg(global)
                        .arg(number(loss), number(loss - reg), number(reg))
                        .toUtf8() +
                    '\n';
        }
        QString record = QStringLiteral(R"({"type":"epoch","epoch":%1,"train_loss":%2,"train_acc":%3,)"
                                        R"("test_loss":%4,"test_acc":%5,"seconds":3.5,"img_s":900.0)")
                             .arg(epoch)
                             .arg(number(1.5 - 0.1 * epoch), number(0.4 + 0.1 * epoch), number(1.6 - 0.1 * epoch),
                                  number(0.5 + 0.1 * epoch));
        if (withFlips)
            record += QStringLiteral(R"(,"test_nfr":%1,"test_pfr":%2)").arg(number(0.02 / epoch), number(0.1));
        text += record.toUtf8() + "}\n";
    }
    // Torn: no closing brace, no newline. (A plain literal: moc misreads a raw one with an odd quote.)
    text += "{\"type\":\"step\",\"epoch\":3,\"step\":5,\"global_st";
    writeFile(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")), text);
}

StepSample sample(qint64 globalStep, double epochPosition, double loss)
{
    StepSample s;
    s.globalStep = globalStep;
    s.epochPosition = epochPosition;
    s.loss = loss;
    s.crossEntropy = loss;
    return s;
}

QCustomPlot* plotOf(QWidget& panel, const char* name)
{
    return panel.findChild<QCustomPlot*>(QString::fromLatin1(name));
}

/// Graphs of `plot` whose name contains `part` (raw and smoothed series alike).
QList<QCPGraph*> graphsNamed(QCustomPlot* plot, const QString& part)
{
    QList<QCPGraph*> graphs;
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name().contains(part))
            graphs.append(plot->graph(i));
    return graphs;
}

QCPGraph* graphNamed(QCustomPlot* plot, const QString& name)
{
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name)
            return plot->graph(i);
    return nullptr;
}

int graphsWithData(QCustomPlot* plot)
{
    int count = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        count += plot->graph(i)->dataCount() > 0 ? 1 : 0;
    return count;
}

/// The visible centred message of a plot (empty when none is shown).
QString visibleMessage(QCustomPlot* plot)
{
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)); text && text->visible())
            return text->text();
    return QString();
}

QByteArray headOf(const QString& path, int size)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(size) : QByteArray();
}

} // namespace

class TestCurves : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Settings go to a throw-away test location, never into the user's configuration.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FlipbenchTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_curves"));
    }

    void init()
    {
        QSettings().remove(QStringLiteral("curves")); // every test starts from the defaults
    }

    void loadsMetricsAndSkipsTornLine()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString runDir = tmp.filePath(QStringLiteral("seed1"));
        writeMetrics(runDir, true);

        const RunCurves curves = loadRunCurves(runDir);
        QCOMPARE(curves.steps.size(), 8); // 4 per epoch; the torn epoch-3 line is skipped
        QCOMPARE(curves.epochs.size(), 2);

        // Steps per epoch is 20 (the largest step of an epoch), so step 5 is a quarter epoch in.
        QCOMPARE(curves.steps[0].globalStep, qint64(5));
        QCOMPARE(curves.steps[0].epochPosition, 0.25);
        QCOMPARE(curves.steps[3].globalStep, qint64(20));
        QCOMPARE(curves.steps[3].epochPosition, 1.0);
        QCOMPARE(curves.steps[4].globalStep, qint64(25));
        QCOMPARE(curves.steps[4].epochPosition, 1.25);
        QCOMPARE(curves.steps[7].globalStep, qint64(40));
        QCOMPARE(curves.steps[7].epochPosition, 2.0);
        QCOMPARE(curves.steps[7].loss, lossAt(40));
        QCOMPARE(curves.steps[7].crossEntropy, lossAt(40) - 0.2 * lossAt(40));
        QCOMPARE(curves.steps[7].distillation, 0.2 * lossAt(40));
        for (int i = 1; i < curves.steps.size(); ++i)
            QVERIFY(curves.steps[i].globalStep > curves.steps[i - 1].globalStep);

        const EpochSample& second = curves.epochs[1];
        QCOMPARE(second.epoch, 2);
        QCOMPARE(second.testAccuracy, 0.5 + 0.1 * 2);
        QCOMPARE(second.trainAccuracy, 0.4 + 0.1 * 2);
        QCOMPARE(second.seconds, 3.5);
        QVERIFY(second.testNfr && second.testPfr);
        QCOMPARE(*second.testNfr, 0.01);
        QCOMPARE(*second.testPfr, 0.1);
        QVERIFY(!second.valAccuracy);
        QVERIFY(!second.valNfr && !second.valPfr);
    }

    void missingOrDamagedFilesNeverThrow()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QVERIFY(loadRunCurves(tmp.filePath(QStringLiteral("no-such-run"))).isEmpty());

        // A diverged step (loss null, no global_step), garbage, a non-object and a wrongly typed
        // loss are all skipped; the good records around them stay.
        const QString runDir = tmp.filePath(QStringLiteral("damaged"));
        writeFile(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")),
                  R"({"type":"step","epoch":1,"step":10,"global_step":10,"loss":1.5,"ce":1.5,"reg":0,"lr":0.1})"
                  "\n"
                  "not json at all\n"
                  "[1, 2, 3]\n"
                  "\n"
                  R"({"type":"step","epoch":1,"step":20,"global_step":20,"loss":"high","ce":1,"reg":0})"
                  "\n"
                  R"({"type":"epoch","epoch":1,"train_loss":1.2,"train_acc":0.5,"test_loss":1.3,"test_acc":0.45,)"
                  R"("seconds":2,"img_s":10,"val_acc":0.44,"val_nfr":0.03,"val_pfr":0.2})"
                  "\n"
                  R"({"type":"step","epoch":2,"step":3,"loss":null,"ce":12.5,"reg":0.5,"lr":0.1,"diverged":true})"
                  "\n");
        const RunCurves curves = loadRunCurves(runDir);
        QCOMPARE(curves.steps.size(), 1);
        QCOMPARE(curves.steps[0].loss, 1.5);
        QCOMPARE(curves.epochs.size(), 1);
        QVERIFY(curves.epochs[0].valAccuracy);
        QCOMPARE(*curves.epochs[0].valAccuracy, 0.44);
        QVERIFY(curves.epochs[0].valNfr);
        QVERIFY(!curves.epochs[0].testNfr);
    }

    void appendReplacesWhatItReportsAgain()
    {
        RunCurves curves;
        curves.steps = {sample(1, 0.1, 3.0), sample(2, 0.2, 2.9), sample(3, 0.3, 2.8)};
        EpochSample first;
        first.epoch = 1;
        curves.epochs = {first};

        RunProgress progress;
        progress.runDir = QStringLiteral("/runs/a");
        for (qint64 g = 2; g <= 5; ++g)
            progress.steps.append(sample(g, 0.1 * double(g), 100.0 + double(g)));
        EpochSample again = first, second = first;
        second.epoch = 2;
        progress.epochs_ = {again, second};
        curves.append(progress);

        QCOMPARE(curves.steps.size(), 5);
        QCOMPARE(curves.steps[0].loss, 3.0);   // before the report: kept
        QCOMPARE(curves.steps[1].loss, 102.0); // reported again (a resume replays): replaced
        QCOMPARE(curves.steps[3].globalStep, qint64(4));
        QCOMPARE(curves.steps[3].loss, 104.0);
        QCOMPARE(curves.epochs.size(), 2);
        QCOMPARE(curves.epochs[1].epoch, 2);

        // Read during the first epoch, the epoch length was a guess (10 steps); the first report
        // that knows it (20) puts the read points where they belong.
        RunCurves early;
        early.steps = {sample(5, 0.5, 2.0), sample(10, 1.0, 1.9)};
        RunProgress live;
        live.epochs = 3;
        live.totalSteps = 3 * kStepsPerEpoch;
        live.steps = {sample(11, 0.55, 1.8)};
        early.append(live);
        QCOMPARE(early.steps.size(), 3);
        QCOMPARE(early.steps[0].epochPosition, 0.25);
        QCOMPARE(early.steps[1].epochPosition, 0.5);
        QCOMPARE(early.steps[2].epochPosition, 0.55);
    }

    void emaIsDebiased()
    {
        // TensorBoard's smoothing: s_t = a s_{t-1} + (1 - a) x_t, shown as s_t / (1 - a^t).
        const QVector<double> smoothed = emaSmooth({1, 2, 3}, 0.5);
        QCOMPARE(smoothed.size(), 3);
        QCOMPARE(smoothed[0], 1.0);
        QCOMPARE(smoothed[1], 1.25 / 0.75);
        QCOMPARE(smoothed[2], 2.125 / 0.875);

        QCOMPARE(emaSmooth({4, 1, 7}, 0.0), QVector<double>({4, 1, 7}));
        for (double value : emaSmooth(QVector<double>(50, 0.7), 0.99)) // no pull towards 0 at the start
            QVERIFY(std::abs(value - 0.7) < 1e-12);
        QVERIFY(emaSmooth({}, 0.6).isEmpty());

        // A non-finite value is a gap that does not poison what follows.
        const QVector<double> gap = emaSmooth({1, std::numeric_limits<double>::quiet_NaN(), 3}, 0.5);
        QVERIFY(std::isnan(gap[1]));
        QCOMPARE(gap[2], (0.5 * 0.5 + 0.5 * 3) / 0.75);
    }

    void panelPlotsRuns()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString runDir = tmp.filePath(QStringLiteral("seed1"));
        writeMetrics(runDir, true);

        CurveStore store;
        CurvesPanel panel(&store);
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));

        auto* pages = panel.findChild<QStackedWidget*>();
        QVERIFY(pages);
        QCOMPARE(pages->currentIndex(), 0); // the "select runs" hint
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("emptyHint"))->isVisible());

        panel.setRuns({runDir + QLatin1Char('/')}); // the same run, however it is spelled
        QCOMPARE(panel.runs(), QStringList{QDir::cleanPath(runDir)});
        QCOMPARE(pages->currentIndex(), 1);

        QCustomPlot* loss = plotOf(panel, "lossPlot");
        QCustomPlot* accuracy = plotOf(panel, "accuracyPlot");
        QCustomPlot* flips = plotOf(panel, "flipPlot");
        QVERIFY(loss && accuracy && flips);

        // Total, cross-entropy and distillation (the run has a nonzero term), raw and smoothed.
        QCOMPARE(loss->graphCount(), 6);
        for (int i = 0; i < loss->graphCount(); ++i) {
            QCOMPARE(loss->graph(i)->dataCount(), 8);
            QVERIFY(loss->graph(i)->visible());
        }
        QCOMPARE(loss->legend->itemCount(), 1); // one entry per run
        QCPGraph* total = graphNamed(loss, QStringLiteral("seed1 · total"));
        QVERIFY(total);
        QCOMPARE(total->dataMainKey(0), 5.0); // x in steps by default
        QCOMPARE(total->dataMainKey(7), 40.0);
        QCOMPARE(total->dataMainValue(0), lossAt(5)); // the EMA starts at the first value

        QCPGraph* testAccuracy = graphNamed(accuracy, QStringLiteral("seed1 · test"));
        QVERIFY(testAccuracy);
        QCOMPARE(testAccuracy->dataCount(), 2);
        QCOMPARE(testAccuracy->dataMainValue(1), 70.0); // percent
        QCOMPARE(graphsWithData(flips), 2);             // test NFR and PFR
        QCPGraph* testNfr = graphNamed(flips, QStringLiteral("seed1 · test NFR"));
        QVERIFY(testNfr);
        QCOMPARE(testNfr->dataMainValue(1), 1.0);
        QVERIFY(visibleMessage(flips).isEmpty());
        QVERIFY(visibleMessage(loss).isEmpty());

        // Components can be hidden and shown again.
        auto* showCrossEntropy = panel.findChild<QCheckBox*>(QStringLiteral("showCrossEntropy"));
        QVERIFY(showCrossEntropy && showCrossEntropy->isChecked());
        showCrossEntropy->setChecked(false);
        const QList<QCPGraph*> crossEntropy = graphsNamed(loss, QStringLiteral("cross-entropy"));
        QCOMPARE(crossEntropy.size(), 2);
        for (QCPGraph* graph : crossEntropy)
            QVERIFY(!graph->visible());
        for (QCPGraph* graph : graphsNamed(loss, QStringLiteral("total")))
            QVERIFY(graph->visible());
        QCOMPARE(loss->legend->itemCount(), 1);
        showCrossEntropy->setChecked(true);
        for (QCPGraph* graph : crossEntropy)
            QVERIFY(graph->visible());

        // Smoothing: the default 0.6; 0 makes the smoothed line the raw one. Remembered.
        auto* slider = panel.findChild<QSlider*>(QStringLiteral("smoothingSlider"));
        QVERIFY(slider);
        QCOMPARE(slider->value(), 60);
        QVERIFY(total->dataMainValue(7) > lossAt(40)); // a falling loss: the EMA lags above it
        slider->setValue(0);
        QCPGraph* rawTotal = graphNamed(loss, QStringLiteral("seed1 · total (raw)"));
        QVERIFY(rawTotal);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(total->dataMainValue(i), rawTotal->dataMainValue(i));
        QCOMPARE(QSettings().value(QStringLiteral("curves/smoothing")).toDouble(), 0.0);
        QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("smoothingValue"))->text(), QStringLiteral("0.00"));

        // x axis in epochs: the last logged step is the end of epoch 2.
        auto* xAxis = panel.findChild<QComboBox*>(QStringLiteral("xAxisCombo"));
        QVERIFY(xAxis);
        xAxis->setCurrentIndex(1);
        QCOMPARE(total->dataCount(), 8);
        QCOMPARE(total->dataMainKey(0), 0.25);
        QCOMPARE(total->dataMainKey(7), 2.0);
        QCOMPARE(QSettings().value(QStringLiteral("curves/xAxis")).toString(), QStringLiteral("epochs"));
        xAxis->setCurrentIndex(0);
        QCOMPARE(total->dataMainKey(7), 40.0);

        // Hovering a point names the run, the series and where it is.
        loss->replot(QCustomPlot::rpImmediateRefresh);
        const QPointF at = total->coordsToPixels(total->dataMainKey(3), total->dataMainValue(3));
        QMouseEvent move(QEvent::MouseMove, at, loss->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(loss, &move);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("seed1 · total")), qPrintable(QToolTip::text()));
        QVERIFY2(QToolTip::text().contains(QStringLiteral("step 20 (epoch 1.0)")), qPrintable(QToolTip::text()));
        QToolTip::hideText();
        // The distillation term is logged before its weight: the tip says so (it can lie above the total).
        QCPGraph* distillation = graphNamed(loss, QStringLiteral("seed1 · distillation"));
        QVERIFY(distillation);
        const QPointF onTerm =
            distillation->coordsToPixels(distillation->dataMainKey(3), distillation->dataMainValue(3));
        QMouseEvent moveToTerm(QEvent::MouseMove, onTerm, loss->mapToGlobal(onTerm), Qt::NoButton, Qt::NoButton,
                               Qt::NoModifier);
        QApplication::sendEvent(loss, &moveToTerm);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("seed1 · distillation (unweighted)")),
                 qPrintable(QToolTip::text()));
        QToolTip::hideText();

        // Two epochs: half an epoch of room either side, no negative epochs.
        QCOMPARE(accuracy->xAxis->range().lower, 0.5);
        QCOMPARE(accuracy->xAxis->range().upper, 2.5);

        // Reset view fits the data again after a zoom.
        loss->xAxis->setRange(1000, 2000);
        panel.findChild<QPushButton*>(QStringLiteral("resetViewButton"))->click();
        QVERIFY(loss->xAxis->range().contains(5) && loss->xAxis->range().contains(40));

        panel.setRuns({});
        QCOMPARE(pages->currentIndex(), 0);
        QCOMPARE(loss->graphCount(), 0);
    }

    void liveProgressGrowsShownRuns()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString runDir = tmp.filePath(QStringLiteral("seed1"));
        writeMetrics(runDir, true);

        CurveStore store;
        CurvesPanel panel(&store);
        panel.setRuns({runDir});
        QCustomPlot* loss = plotOf(panel, "lossPlot");
        QCustomPlot* flips = plotOf(panel, "flipPlot");
        QCPGraph* total = graphNamed(loss, QStringLiteral("seed1 · total"));
        QVERIFY(total);
        QCOMPARE(total->dataCount(), 8);

        QSignalSpy changed(&store, &CurveStore::curvesChanged);
        RunProgress progress;
        progress.runDir = runDir;
        progress.epoch = 3;
        progress.epochs = 3;
        progress.totalSteps = 3 * kStepsPerEpoch;
        progress.steps = {sample(40, 2.0, 9.9), sample(41, 2.05, 1.1), sample(42, 2.1, 1.0)}; // 40 is known
        store.addProgress(progress);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(total->dataCount(), 10);
        QCOMPARE(total->dataMainKey(9), 42.0);
        QCOMPARE(graphNamed(loss, QStringLiteral("seed1 · total (raw)"))->dataMainValue(9), 1.0);

        EpochSample third;
        third.epoch = 3;
        third.testAccuracy = 0.75;
        third.testNfr = 0.005;
        third.testPfr = 0.09;
        progress.steps.clear();
        progress.epochs_ = {third};
        store.addProgress(progress);
        QCOMPARE(graphNamed(flips, QStringLiteral("seed1 · test NFR"))->dataCount(), 3);
        QCOMPARE(graphNamed(plotOf(panel, "accuracyPlot"), QStringLiteral("seed1 · test"))->dataMainValue(2), 75.0);

        // Reports that bring nothing to draw, and runs that are not shown, leave the plots alone.
        progress.epochs_.clear();
        progress.messages = {QStringLiteral("note")};
        store.addProgress(progress);
        QCOMPARE(changed.size(), 2);
        RunProgress other;
        other.runDir = tmp.filePath(QStringLiteral("other"));
        other.steps = {sample(1, 0.05, 2.3)};
        store.addProgress(other);
        QCOMPARE(total->dataCount(), 10);

        // A forgotten run is read from disk again: the live points are gone.
        store.forget(runDir);
        QCOMPARE(total->dataCount(), 8);
    }

    void firstEpochIsShownWithRoomAroundIt()
    {
        // After the first epoch each epoch plot holds one point per series: the x axis is epoch 1
        // with half an epoch either side (not -2..4), and every point lies inside the frame.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString runDir = tmp.filePath(QStringLiteral("first-epoch"));
        QVERIFY(QDir().mkpath(runDir));
        CurveStore store;
        CurvesPanel panel(&store);
        panel.setRuns({runDir});

        RunProgress progress;
        progress.runDir = runDir;
        progress.epoch = 1;
        progress.epochs = 5;
        progress.totalSteps = 5 * kStepsPerEpoch;
        EpochSample first;
        first.epoch = 1;
        first.testAccuracy = 0.42;
        first.valAccuracy = 0.47;
        first.testNfr = 0.03;
        first.testPfr = 0.05;
        first.valNfr = 0.04;
        progress.epochs_ = {first};
        store.addProgress(progress);

        for (const char* name : {"accuracyPlot", "flipPlot"}) {
            QCustomPlot* plot = plotOf(panel, name);
            QVERIFY(graphsWithData(plot) >= 2);
            const QCPRange x = plot->xAxis->range();
            QVERIFY2(x.lower == 0.5 && x.upper == 1.5,
                     qPrintable(QStringLiteral("%1: x %2..%3").arg(QLatin1String(name)).arg(x.lower).arg(x.upper)));
            const QCPRange y = plot->yAxis->range();
            for (int i = 0; i < plot->graphCount(); ++i) {
                const QCPGraph* graph = plot->graph(i);
                for (int k = 0; k < graph->dataCount(); ++k) {
                    const double value = graph->dataMainValue(k);
                    QVERIFY2(value > y.lower + 0.04 * y.size() && value < y.upper - 0.04 * y.size(),
                             qPrintable(QStringLiteral("%1 at %2 in %3..%4")
                                            .arg(graph->name())
                                            .arg(value)
                                            .arg(y.lower)
                                            .arg(y.upper)));
                    QVERIFY(x.contains(graph->dataMainKey(k)));
                }
            }
        }
    }

    void baselineHasNoDistillationOrFlips()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString baseline = tmp.filePath(QStringLiteral("baseline"));
        writeMetrics(baseline, false, false);

        CurveStore store;
        CurvesPanel panel(&store);
        panel.setRuns({baseline});
        QCustomPlot* loss = plotOf(panel, "lossPlot");
        QCustomPlot* flips = plotOf(panel, "flipPlot");
        QCOMPARE(loss->graphCount(), 4); // total and cross-entropy, raw and smoothed
        QVERIFY(graphsNamed(loss, QStringLiteral("distillation")).isEmpty());
        QVERIFY(!panel.findChild<QCheckBox*>(QStringLiteral("showDistillation"))->isEnabled());
        QCOMPARE(graphsWithData(flips), 0);
        // A baseline trained with a reference has flip rates too: the message names what is missing.
        QCOMPARE(visibleMessage(flips), QStringLiteral("No reference model: NFR/PFR need a run with a reference\n"
                                                       "(a baseline can have one too)"));

        // Overlaid with a run that has flips: each run in its own colour, the message gone.
        const QString fd = tmp.filePath(QStringLiteral("fd"));
        writeMetrics(fd, true);
        panel.setRuns({baseline, fd});
        QCOMPARE(loss->graphCount(), 4 + 6);
        QCOMPARE(graphsWithData(flips), 2);
        QVERIFY(visibleMessage(flips).isEmpty());
        const QColor first = graphNamed(loss, QStringLiteral("baseline · total"))->pen().color();
        const QColor second = graphNamed(loss, QStringLiteral("fd · total"))->pen().color();
        QVERIFY(first != second);
        QCOMPARE(graphNamed(loss, QStringLiteral("baseline · total (raw)"))->pen().color().rgb(), first.rgb());
        QVERIFY(graphNamed(loss, QStringLiteral("baseline · total (raw)"))->pen().color().alpha() < 255);

        // A distillation term that shows up later gets its graphs, over the whole curve.
        RunProgress late;
        late.runDir = baseline;
        late.epochs = 3;
        late.totalSteps = 3 * kStepsPerEpoch;
        StepSample withTerm = sample(41, 2.05, 1.0);
        withTerm.distillation = 0.3;
        late.steps = {withTerm};
        store.addProgress(late);
        QCOMPARE(loss->graphCount(), 6 + 6);
        QCPGraph* distillation = graphNamed(loss, QStringLiteral("baseline · distillation"));
        QVERIFY(distillation);
        QCOMPARE(distillation->dataCount(), 9);
        QCOMPARE(graphNamed(loss, QStringLiteral("baseline · total"))->dataCount(), 9);
        QVERIFY(panel.findChild<QCheckBox*>(QStringLiteral("showDistillation"))->isEnabled());
    }

    void exportsPngAndPdf()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString runDir = tmp.filePath(QStringLiteral("seed1"));
        writeMetrics(runDir, true);

        CurveStore store;
        CurvesPanel panel(&store);
        panel.setRuns({runDir});

        const QString png = tmp.filePath(QStringLiteral("curves.png"));
        QVERIFY2(panel.exportPlots(png), qPrintable(panel.lastExportError()));
        QCOMPARE(CurvesPanel::epochPlotsFileName(png), tmp.filePath(QStringLiteral("curves-epochs.png")));
        for (const QString& file : {png, tmp.filePath(QStringLiteral("curves-epochs.png"))}) {
            QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file));
            QCOMPARE(headOf(file, 4), QByteArray("\x89PNG"));
        }
        const QImage image(png);
        QCOMPARE(image.width(), 2 * 900); // 2x the size used while the panel is not on screen

        const QString pdf = tmp.filePath(QStringLiteral("curves.pdf"));
        QVERIFY2(panel.exportPlots(pdf), qPrintable(panel.lastExportError()));
        for (const QString& file : {pdf, tmp.filePath(QStringLiteral("curves-epochs.pdf"))}) {
            QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file));
            QCOMPARE(headOf(file, 4), QByteArray("%PDF"));
        }

        const QString unwritable = tmp.filePath(QStringLiteral("no/such/folder/curves.png"));
        QVERIFY(!panel.exportPlots(unwritable));
        QVERIFY(!panel.lastExportError().isEmpty());
        QVERIFY(!QFileInfo::exists(unwritable));
        QVERIFY(!panel.exportPlots(tmp.filePath(QStringLiteral("no/such/folder/curves.pdf"))));
        QVERIFY(!panel.exportPlots(tmp.filePath(QStringLiteral("curves.jpg")))); // .png or .pdf only
    }
};

QTEST_MAIN(TestCurves)
#include "tst_curves.moc"
