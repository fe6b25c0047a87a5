// Training curves of the GUI, the data side: reading metrics.jsonl (a torn last line, damaged or
// missing files), live progress appended to the curve store, and the debiased smoothing.

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

class TestCurveStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Settings go to a throw-away test location, never into the user's configuration.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FlipbenchTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_curve_store"));
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
        fbtest::writeCurveMetrics(runDir, true);

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
        QCOMPARE(curves.steps[7].loss, fbtest::curveLossAt(40));
        QCOMPARE(curves.steps[7].crossEntropy, fbtest::curveLossAt(40) - 0.2 * fbtest::curveLossAt(40));
        QCOMPARE(curves.steps[7].distillation, 0.2 * fbtest::curveLossAt(40));
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
        fbtest::writeFileBytes(
            QDir(runDir).filePath(QStringLiteral("metrics.jsonl")),
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
        curves.steps = {fbtest::curveSample(1, 0.1, 3.0), fbtest::curveSample(2, 0.2, 2.9),
                        fbtest::curveSample(3, 0.3, 2.8)};
        EpochSample first;
        first.epoch = 1;
        curves.epochs = {first};

        RunProgress progress;
        progress.runDir = QStringLiteral("/runs/a");
        for (qint64 g = 2; g <= 5; ++g)
            progress.steps.append(fbtest::curveSample(g, 0.1 * double(g), 100.0 + double(g)));
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
        early.steps = {fbtest::curveSample(5, 0.5, 2.0), fbtest::curveSample(10, 1.0, 1.9)};
        RunProgress live;
        live.epochs = 3;
        live.totalSteps = 3 * fbtest::kCurveStepsPerEpoch;
        live.steps = {fbtest::curveSample(11, 0.55, 1.8)};
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
};

QTEST_MAIN(TestCurveStore)
#include "tst_curve_store.moc"
