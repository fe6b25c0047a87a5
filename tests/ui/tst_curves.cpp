// The CurvesPanel widget (offscreen): plots of recorded and live runs, toggles, the axes, messages
// and export (reading metrics.jsonl and the curve store are in tst_curve_store).

#include "curve_test_data.h"

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

using namespace flipbench::ui;

namespace {

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

    void panelPlotsRuns()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString runDir = tmp.filePath(QStringLiteral("seed1"));
        fbtest::writeCurveMetrics(runDir, true);

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
        QCOMPARE(total->dataMainValue(0), fbtest::curveLossAt(5)); // the EMA starts at the first value

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
        QVERIFY(total->dataMainValue(7) > fbtest::curveLossAt(40)); // a falling loss: the EMA lags above it
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
        fbtest::writeCurveMetrics(runDir, true);

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
        progress.totalSteps = 3 * fbtest::kCurveStepsPerEpoch;
        progress.steps = {fbtest::curveSample(40, 2.0, 9.9), fbtest::curveSample(41, 2.05, 1.1),
                          fbtest::curveSample(42, 2.1, 1.0)}; // 40 is known
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
        other.steps = {fbtest::curveSample(1, 0.05, 2.3)};
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
        progress.totalSteps = 5 * fbtest::kCurveStepsPerEpoch;
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
        fbtest::writeCurveMetrics(baseline, false, false);

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
        fbtest::writeCurveMetrics(fd, true);
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
        late.totalSteps = 3 * fbtest::kCurveStepsPerEpoch;
        StepSample withTerm = fbtest::curveSample(41, 2.05, 1.0);
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
        fbtest::writeCurveMetrics(runDir, true);

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
