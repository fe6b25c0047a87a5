// What the Compare page offers beyond one pair: the accuracy-vs-NFR trade-off with its Pareto
// front, a chosen subset of runs for the pairwise matrix, an ensemble of runs as one side, and a
// sample's fate in the workspace's other runs. Expected values are counted by hand from the flip
// fixture or computed here with plain LibTorch. Offscreen; no timing.

#include "flip_fixture.h"
#include "test_support.h"

#include "ui/compare/compare_all_runs.h"
#include "ui/compare/compare_view.h"
#include "ui/compare/compare_widgets.h"
#include "ui/compare/comparison.h"
#include "ui/compare/ensemble_dialog.h"
#include "ui/compare/flip_gallery_model.h"
#include "ui/compare/model_source.h"
#include "ui/compare/sample_history.h"
#include "ui/compare/tradeoff.h"

#include "flipbench/util/errors.h"
#include "flipbench/metrics/flip_metrics.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <fstream>

using namespace flipbench::ui;
namespace fs = std::filesystem;

class TestCompareModels : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    fs::path ws_;
    QString runA_, runB_, runC_, other_;
    torch::Tensor logitsA_, logitsB_, logitsC_, labels_;

    static void writeMethod(const QString& run, const char* json)
    {
        std::ofstream(fbtest::toPath(run) / "config.json") << json;
    }

    static TradeoffPoint point(const char* name, double accuracy, double nfr)
    {
        TradeoffPoint p;
        p.name = QString::fromLatin1(name);
        p.accuracy = accuracy;
        p.nfr = nfr;
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch_ / "data");
        labels_ = data.test.labels.to(torch::kInt64);
        logitsA_ = fbtest::plannedLogitsOf(true);
        logitsB_ = fbtest::plannedLogitsOf(false);
        logitsC_ = fbtest::thirdModelLogits(labels_);
        ws_ = scratch_ / "ws";
        runA_ = fbtest::writeCompletedRun(ws_, "runA", logitsA_, data, data.test.labels, fingerprint);
        runB_ = fbtest::writeCompletedRun(ws_, "runB", logitsB_, data, data.test.labels, fingerprint);
        runC_ = fbtest::writeCompletedRun(ws_, "runC", logitsC_, data, data.test.labels, fingerprint);
        writeMethod(runB_, R"({"method": {"name": "fd", "reference": ["runA"]}})");
        writeMethod(runC_, R"({"method": {"name": "ldi", "reference": ["runA"]}})");
        other_ = fbtest::writeCompletedRun(scratch_ / "elsewhere", "other", logitsB_, data, data.test.labels,
                                           "fnv1a64:other");
    }

    void paretoFrontKeepsOnlyUndominatedRuns()
    {
        // p0 is beaten by p3 (more accurate, fewer flips), p1 by p3 (as accurate, fewer flips),
        // p2 by p0; p4 trades flips for accuracy and stays; p5 equals p3 and stays with it.
        const QVector<TradeoffPoint> points{point("p0", 0.80, 0.05), point("p1", 0.82, 0.06), point("p2", 0.79, 0.07),
                                            point("p3", 0.82, 0.04), point("p4", 0.85, 0.10), point("p5", 0.82, 0.04)};
        QCOMPARE(paretoFront(points), QVector<int>({3, 5, 4})); // by NFR
        QCOMPARE(paretoFront({}), QVector<int>());
        QCOMPARE(paretoFront({point("only", 0.5, 0.5)}), QVector<int>({0}));
    }

    void tradeoffIsTheReferenceRowOfThePairwiseMatrix()
    {
        const PairwiseNfr r = computePairwiseNfr({runA_, runB_, runC_});
        QCOMPARE(r.methods, QStringList({"Baseline", "FD", "LDI"}));
        const Tradeoff t = tradeoffAgainst(r, 0);
        QCOMPARE(t.referenceName, QStringLiteral("runA"));
        QCOMPARE(t.referenceAccuracy, 9.0 / 12);
        QCOMPARE(t.points.size(), 2);
        QCOMPARE(t.points[0].name, QStringLiteral("runB"));
        QCOMPARE(t.points[0].method, QStringLiteral("FD"));
        QCOMPARE(t.points[0].nfr, 0.5);           // 6 negative flips of 12
        QCOMPARE(t.points[0].accuracy, 5.0 / 12); // B right on 0, 2, 4, 7, 9
        QCOMPARE(t.points[1].nfr, 2.0 / 12);      // C breaks samples 0 and 2
        QCOMPARE(t.points[1].accuracy, 8.0 / 12);
        QVERIFY(!t.points[0].onFront); // C is more accurate and breaks fewer
        QVERIFY(t.points[1].onFront);
        // Against B, A is the best of both.
        const Tradeoff vsB = tradeoffAgainst(r, 1);
        QCOMPARE(vsB.points[0].name, QStringLiteral("runA"));
        QCOMPARE(vsB.points[0].nfr, 2.0 / 12);
        QVERIFY(tradeoffAgainst(r, 3).points.isEmpty());
    }

    void clickingAPointChoosesThatRun()
    {
        TradeoffPlot plot;
        plot.resize(500, 360);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.setTradeoff(tradeoffAgainst(computePairwiseNfr({runA_, runB_, runC_}), 0));
        // One scatter per method plus the Pareto front line.
        QCOMPARE(plot.plot()->graphCount(), 3);
        QCOMPARE(plot.plot()->graph(0)->name(), QStringLiteral("FD"));
        QCOMPARE(plot.plot()->graph(1)->name(), QStringLiteral("LDI"));
        // The legend sits under the plot: inside it covered the reference's label and points near it.
        QCustomPlot* scatter = plot.plot();
        QVERIFY(scatter->legend->visible());
        QCOMPARE(scatter->legend->itemCount(), 3); // FD, LDI, Pareto front
        QVERIFY(scatter->axisRect()->rect().height() > 0);
        QVERIFY(!scatter->legend->outerRect().intersects(scatter->axisRect()->rect()));
        plot.setTradeoff(plot.tradeoff()); // drawn again: the legend stays where it is, once
        QCOMPARE(scatter->plotLayout()->rowCount(), 2);
        QVERIFY(!scatter->legend->outerRect().intersects(scatter->axisRect()->rect()));
        const QPointF c(plot.plot()->xAxis->coordToPixel(100.0 * 2 / 12),
                        plot.plot()->yAxis->coordToPixel(100.0 * 8 / 12));
        QCOMPARE(plot.pointAt(c), 1);
        QCOMPARE(plot.pointAt(c + QPointF(40, 40)), -1);
        QSignalSpy chosen(&plot, &TradeoffPlot::runChosen);
        QTest::mouseClick(plot.plot(), Qt::LeftButton, {}, c.toPoint());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), runA_);
        QCOMPARE(chosen.at(0).at(1).toString(), runC_);
    }

    void pairwiseTakesOnlyTheCheckedRuns()
    {
        AllRunsPanel panel;
        panel.setWorkspace(fbtest::toQString(ws_));
        QCOMPARE(panel.runList()->count(), 3);
        panel.setCheckedRuns({"runA", "runC"});
        QVERIFY(panel.computeChecked());
        QVERIFY(fbtest::waitUntil([&] { return !panel.isBusy(); }, 120000));
        QCOMPARE(panel.result().names, QStringList({"runA", "runC"}));
        QCOMPARE(panel.table()->rowCount(), 2);
        QCOMPARE(panel.tradeoffPlot()->tradeoff().points.size(), 1);
        panel.setReference(1); // C as the old model: A fixes 0 and 2 but breaks 6
        QCOMPARE(panel.tradeoffPlot()->tradeoff().referenceName, QStringLiteral("runC"));
        QCOMPARE(panel.tradeoffPlot()->tradeoff().points[0].nfr, 1.0 / 12);
        // Unchecked runs stay unchecked when the list is re-read; one run is not enough.
        panel.refreshRuns();
        panel.setCheckedRuns({"runB"});
        QVERIFY(!panel.computeChecked());
    }

    void allRunsComputesWhenShown()
    {
        // Every run is checked from the start: opening the tab computes them, on the same worker
        // path as the button, instead of showing an empty chart until "Compare Checked Runs".
        AllRunsPanel panel;
        panel.setWorkspace(fbtest::toQString(ws_));
        QVERIFY(!panel.isBusy()); // hidden: nothing is computed
        QVERIFY(panel.result().names.isEmpty());
        panel.resize(1100, 500);
        panel.show();
        QVERIFY(panel.isBusy());
        QVERIFY(fbtest::waitUntil([&] { return !panel.isBusy(); }, 120000));
        QCOMPARE(panel.result().names, QStringList({"runA", "runB", "runC"}));
        QCOMPARE(panel.tradeoffPlot()->tradeoff().points.size(), 2);
        // Shown again with the same runs checked: nothing to do. A changed choice is computed.
        panel.hide();
        panel.show();
        QVERIFY(!panel.isBusy());
        panel.setCheckedRuns({"runA", "runB"});
        panel.hide();
        panel.show();
        QVERIFY(panel.isBusy());
        QVERIFY(fbtest::waitUntil([&] { return !panel.isBusy(); }, 120000));
        QCOMPARE(panel.result().names, QStringList({"runA", "runB"}));
    }

    void ensembleIsTheMeanOfItsMembersLogits()
    {
        const QString key = ensembleKey({runB_, runA_, runA_});
        QCOMPARE(modelPaths(key), QStringList({runA_, runB_})); // sorted, no duplicates
        QCOMPARE(modelDisplayName(key), QStringLiteral("Ensemble (runA + runB)"));
        QCOMPARE(modelPaths(runC_), QStringList({runC_}));

        const Comparison c = computeComparison(key, runC_);
        // Independently: argmax of (A + B) / 2 against C.
        const auto mean = (logitsA_ + logitsB_) / 2;
        const auto ensembleRight = mean.argmax(1).eq(labels_);
        const auto cRight = logitsC_.argmax(1).eq(labels_);
        QCOMPARE(c.nameA, QStringLiteral("Ensemble (runA + runB)"));
        QCOMPARE(c.pathA, key);
        QCOMPARE(c.report.accA, ensembleRight.to(torch::kFloat64).mean().item<double>());
        QCOMPARE(c.report.table.negativeFlips, (ensembleRight & ~cRight).sum().item<int64_t>());
        const auto report =
            flipbench::compareLogits(flipbench::ensembleLogits({logitsA_, logitsB_}), logitsC_, labels_);
        QCOMPARE(c.report.nfr, report.nfr);

        auto refused = [](const QString& a, const QString& b) {
            try {
                computeComparison(a, b);
            } catch (const flipbench::UserError& e) {
                return QString::fromUtf8(e.what());
            }
            return QString();
        };
        QVERIFY(refused(ensembleKey({runA_}), runC_).contains("at least two"));
        QVERIFY(!refused(ensembleKey({runA_, other_}), runC_).isEmpty()); // another test set
    }

    void sampleHistoryCountsOtherRunsByMethod()
    {
        const Comparison c = computeComparison(runA_, runB_);
        const OtherRuns others = loadOtherRuns({runA_, runB_, runC_, other_}, c);
        QCOMPARE(others.names, QStringList({"runC"})); // A and B are the pair; "other" another test set
        QCOMPARE(others.skipped.size(), 1);
        QVERIFY(others.skipped[0].startsWith("other: "));
        // Sample 0: A right, C wrong. Sample 7: A and C right. Sample 6: A wrong, C right.
        QCOMPARE(sampleHistoryText(others, c, 0), QStringLiteral("LDI: negative flip in 1 of 1 runs"));
        QCOMPARE(sampleHistoryText(others, c, 7), QStringLiteral("LDI: negative flip in 0 of 1 runs"));
        QCOMPARE(sampleHistoryText(others, c, 6), QStringLiteral("LDI: correct in 1 of 1 runs"));
        QCOMPARE(sampleHistoryText(others, c, 99), QString());
        QCOMPARE(sampleHistoryText(OtherRuns{}, c, 0), QString());
    }

    void compareViewShowsHistoryAndComparesAnEnsemble()
    {
        CompareView view;
        view.resize(1280, 800);
        view.setWorkspace(fbtest::toQString(ws_));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy ready(&view, &CompareView::comparisonReady);
        QVERIFY(view.compare(runA_, runB_));
        QVERIFY(fbtest::waitUntil([&] { return ready.count() > 0; }, 120000));
        QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));

        // Select sample 0 (both right) in the gallery: the detail panel says C broke it.
        auto* gallery = view.findChild<QListView*>(QStringLiteral("galleryView"));
        QVERIFY(gallery);
        view.galleryModel()->setSampleSet(FlipGalleryModel::SampleSet::All);
        const int row = [&] {
            for (int r = 0; r < view.galleryModel()->count(); ++r)
                if (view.galleryModel()->sampleAt(r) == 0)
                    return r;
            return -1;
        }();
        QVERIFY(row >= 0);
        gallery->setCurrentIndex(view.galleryModel()->index(row, 0));
        auto* history = view.findChild<QLabel*>(QStringLiteral("sampleHistory"));
        QVERIFY(history);
        QVERIFY(history->isVisible());
        QVERIFY2(history->text().contains("LDI: negative flip in 1 of 1 runs"), qPrintable(history->text()));

        // "Ensemble of runs…" in A's combo: check A and C, accept, and the pair is compared again.
        auto* comboA = view.findChild<QComboBox*>(QStringLiteral("modelACombo"));
        const int entry = comboA->findText(QStringLiteral("Ensemble of runs…"));
        QVERIFY(entry > 0);
        comboA->setCurrentIndex(entry);
        Q_EMIT comboA->activated(entry);
        auto* dialog = view.findChild<EnsembleDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->list()->count(), 3);
        dialog->list()->item(0)->setCheckState(Qt::Checked); // runA
        dialog->list()->item(2)->setCheckState(Qt::Checked); // runC
        ready.clear();
        dialog->accept();
        QVERIFY(fbtest::waitUntil([&] { return ready.count() > 0; }, 120000));
        QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
        QCOMPARE(view.comparison()->nameA, QStringLiteral("Ensemble (runA + runC)"));
        QCOMPARE(comboA->currentText(), QStringLiteral("Ensemble (runA + runC)"));
        const auto report =
            flipbench::compareLogits(flipbench::ensembleLogits({logitsA_, logitsC_}), logitsB_, labels_);
        QCOMPARE(view.comparison()->report.nfr, report.nfr);
    }
};

QTEST_MAIN(TestCompareModels)
#include "tst_compare_models.moc"
