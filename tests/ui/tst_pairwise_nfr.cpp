// The pairwise NFR matrix of three hand-made runs: equal to the core's pairwiseNfr on the same
// logits and to hand counts; the table's text, colours and click signal; a run on another test set
// is refused. Offscreen.

#include "flip_fixture.h"
#include "test_support.h"

#include "ui/compare/compare_all_runs.h"
#include "ui/compare/compare_view.h"
#include "ui/compare/pairwise_nfr.h"
#include "ui/compare/seed_groups_panel.h"
#include "ui/compare/tradeoff.h"
#include "ui/widgets/qcustomplot_include.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/util/errors.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/metrics/flip_metrics.h"

#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest/QtTest>

#include <torch/torch.h>

using flipbench::ui::PairwiseNfr;
using flipbench::ui::PairwiseNfrTable;
namespace fs = std::filesystem;

class TestPairwiseNfr : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    QString runA_, runB_, runC_, other_;
    torch::Tensor logitsA_, logitsB_, logitsC_, labels_;

private Q_SLOTS:
    void initTestCase()
    {
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch_ / "data");
        labels_ = data.test.labels.to(torch::kInt64);
        logitsA_ = fbtest::plannedLogitsOf(true);
        logitsB_ = fbtest::plannedLogitsOf(false);
        logitsC_ = fbtest::thirdModelLogits(labels_);
        const auto ws = scratch_ / "ws";
        runA_ = fbtest::writeCompletedRun(ws, "runA", logitsA_, data, data.test.labels, fingerprint);
        runB_ = fbtest::writeCompletedRun(ws, "runB", logitsB_, data, data.test.labels, fingerprint);
        runC_ = fbtest::writeCompletedRun(ws, "runC", logitsC_, data, data.test.labels, fingerprint);
        other_ = fbtest::writeCompletedRun(ws, "other", logitsB_, data, data.test.labels, "fnv1a64:other");
    }

    void matrixMatchesCoreAndHandCounts()
    {
        const PairwiseNfr r = flipbench::ui::computePairwiseNfr({runA_, runB_, runC_});
        QCOMPARE(r.names, QStringList({"runA", "runB", "runC"}));
        QCOMPARE(r.paths, QStringList({runA_, runB_, runC_}));
        const auto core = flipbench::pairwiseNfr({logitsA_, logitsB_, logitsC_}, labels_);
        QCOMPARE(r.nfr.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(r.nfr[i].size(), 3);
            for (int j = 0; j < 3; ++j)
                QCOMPARE(r.nfr[i][j], core[size_t(i)][size_t(j)]); // exact: same tensors, same formula
            QCOMPARE(r.nfr[i][i], 0.0);
        }
        QCOMPARE(r.nfr[0][1], 0.5);      // 6 negative flips of 12
        QCOMPARE(r.nfr[1][0], 2.0 / 12); // B -> A: A's positive flips 4 and 9
        QCOMPARE(r.nfr[0][2], 2.0 / 12); // samples 0 and 2
        QCOMPARE(r.nfr[2][1], 7.0 / 12); // C right on 1,3,5,6,7,8,10,11; B wrong on all but 7
        QCOMPARE(r.accuracy.size(), 3);
        QCOMPARE(r.accuracy[0], 9.0 / 12); // A right except 4, 6, 9
        QCOMPARE(r.accuracy[1], 5.0 / 12); // B right on 0, 2, 4, 7, 9
        QCOMPARE(r.accuracy[2], 8.0 / 12);
    }

    void tableShowsAndReportsPairs()
    {
        const PairwiseNfr r = flipbench::ui::computePairwiseNfr({runA_, runB_, runC_});
        PairwiseNfrTable table;
        QCOMPARE(table.objectName(), QStringLiteral("pairwiseNfrTable"));
        table.resize(500, 300);
        table.setResult(r);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QCOMPARE(table.rowCount(), 3);
        QCOMPARE(table.columnCount(), 3);
        QCOMPARE(table.verticalHeaderItem(0)->text(), QStringLiteral("runA"));
        QCOMPARE(table.horizontalHeaderItem(1)->text(), QStringLiteral("runB"));
        QCOMPARE(table.item(0, 1)->text(), QStringLiteral("50.00%"));
        QCOMPARE(table.item(0, 2)->text(), QStringLiteral("16.67%"));
        QCOMPARE(table.item(1, 1)->text(), QStringLiteral("—"));
        QCOMPARE(table.item(0, 1)->toolTip(), QStringLiteral("runA → runB: NFR 50.00%"));
        // The largest value (C -> B, 7 of 12) is the deepest red; smaller ones are lighter.
        QCOMPARE(table.item(2, 1)->text(), QStringLiteral("58.33%"));
        QCOMPARE(table.item(2, 1)->background().color(), QColor(255, 55, 55));
        const int fade = static_cast<int>(255 - 200 * (0.5 / (7.0 / 12)));
        QCOMPARE(table.item(0, 1)->background().color(), QColor(255, fade, fade));

        QSignalSpy chosen(&table, &PairwiseNfrTable::pairChosen);
        auto click = [&](int row, int column) {
            QTest::mouseClick(table.viewport(), Qt::LeftButton, {},
                              table.visualItemRect(table.item(row, column)).center());
        };
        click(0, 1);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), runA_);
        QCOMPARE(chosen.at(0).at(1).toString(), runB_);
        click(2, 2); // diagonal: nothing
        QCOMPARE(chosen.count(), 1);
        click(2, 0);
        QCOMPARE(chosen.count(), 2);
        QCOMPARE(chosen.at(1).at(0).toString(), runC_);
        QCOMPARE(chosen.at(1).at(1).toString(), runA_);

        table.setResult({});
        QCOMPARE(table.rowCount(), 0);
    }

    void differentTestSetIsRefused()
    {
        bool thrown = false;
        try {
            flipbench::ui::computePairwiseNfr({runA_, runB_, other_});
        } catch (const flipbench::UserError& e) {
            thrown = true;
            QVERIFY(!QString::fromUtf8(e.what()).isEmpty());
        }
        QVERIFY(thrown);
        QVERIFY(flipbench::ui::computePairwiseNfr({}).names.isEmpty());
    }

    void compareViewAllRunsTabPicksAPair()
    {
        // A workspace holding only A and B: the "All runs" tab computes their matrix, and a click
        // on (A, B) makes that pair the current comparison.
        const fs::path ws = scratch_ / "ws-two";
        fs::create_directories(ws);
        for (const QString& run : {runA_, runB_})
            fs::copy(fbtest::toPath(run), ws / fbtest::toPath(run).filename(), fs::copy_options::recursive);
        flipbench::ui::CompareView view;
        view.setWorkspace(fbtest::toQString(ws));
        auto* panel = view.findChild<flipbench::ui::AllRunsPanel*>();
        QVERIFY(panel);
        QVERIFY(panel->computeChecked());
        QVERIFY(fbtest::waitUntil([&] { return !panel->isBusy(); }, 120000));
        PairwiseNfrTable* table = panel->table();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("50.00%")); // A -> B: 6 of 12

        QSignalSpy ready(&view, &flipbench::ui::CompareView::comparisonReady);
        Q_EMIT table->cellClicked(0, 1);
        QVERIFY(fbtest::waitUntil([&] { return ready.count() > 0; }, 120000));
        QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
        QCOMPARE(view.comparison()->report.nfr, 0.5);

        // With a run on another test set in the workspace, the tab says why instead of a matrix.
        fs::copy(fbtest::toPath(other_), ws / "other", fs::copy_options::recursive);
        panel->refreshRuns(); // a new run comes in checked
        QVERIFY(panel->computeChecked());
        QVERIFY(fbtest::waitUntil([&] { return !panel->isBusy(); }, 120000));
        QCOMPARE(table->rowCount(), 0);
    }

    // Groups of seeds in the accuracy-vs-NFR scatter: against A, the baseline {B, C} has accuracy
    // 5/12 and 8/12 and NFR 6/12 and 2/12; FD {A, C} accuracy 9/12 and 8/12, NFR 0 and 2/12.
    void scatterShowsGroupMeansWithErrorBars()
    {
        fbtest::ScratchDir scratch;
        const auto ws = fbtest::writeSeedGroupsWorkspace(scratch.path());
        QStringList paths;
        for (const auto& run : ws.runs)
            paths << fbtest::toQString(run);
        const PairwiseNfr pairwise = flipbench::ui::computePairwiseNfr(paths);
        // The old model is the baseline's recipe with another seed: one group of three here (no
        // run is the old model in this tab), of which the chosen reference is left out.
        QCOMPARE(pairwise.group, QVector<int>({0, 0, 0, 1, 1}));
        QCOMPARE(pairwise.groupLabels, QStringList({"old", "fd"}));
        const auto tradeoff = flipbench::ui::tradeoffAgainst(pairwise, 0);
        QCOMPARE(tradeoff.groups.size(), 2);
        const auto& base = tradeoff.groups[0];
        QCOMPARE(base.n, 2);
        QVERIFY(std::abs(base.accuracy - 13.0 / 24) < 1e-12);
        QVERIFY(std::abs(base.accuracySd - 3.0 / 12 / std::sqrt(2.0)) < 1e-12);
        QVERIFY(std::abs(base.nfr - 8.0 / 24) < 1e-12);
        QVERIFY(std::abs(base.nfrSd - 4.0 / 12 / std::sqrt(2.0)) < 1e-12);
        const auto& fd = tradeoff.groups[1];
        QVERIFY(std::abs(fd.accuracy - 17.0 / 24) < 1e-12);
        QVERIFY(std::abs(fd.nfr - 1.0 / 12) < 1e-12);

        flipbench::ui::TradeoffPlot plot;
        plot.setTradeoff(tradeoff);
        int errorBars = 0;
        for (int i = 0; i < plot.plot()->plottableCount(); ++i)
            if (auto* bars = qobject_cast<QCPErrorBars*>(plot.plot()->plottable(i))) {
                ++errorBars;
                QCOMPARE(bars->dataCount(), 1);
            }
        QCOMPARE(errorBars, 4); // two groups, NFR and accuracy each
    }

    // The Seeds tab shows core's group table (flip_fixture.h, writeSeedGroupsWorkspace): the
    // baseline {B, C} has NFR 6/12 and 2/12 against A, so 33.33 ± 23.57 (sd = (4/12)/sqrt(2)).
    void seedsTabShowsTheGroupTable()
    {
        fbtest::ScratchDir scratch;
        const auto ws = fbtest::writeSeedGroupsWorkspace(scratch.path());
        flipbench::ui::CompareView view;
        view.setWorkspace(fbtest::toQString(ws.workspace));
        auto* panel = view.seedGroupsPanel();
        panel->setOldModel(QStringLiteral("old"));
        QSignalSpy computed(panel, &flipbench::ui::SeedGroupsPanel::computed);
        QVERIFY(panel->compute());
        QVERIFY(panel->isBusy()); // on the thread pool, not on the GUI thread
        QVERIFY(fbtest::waitUntil([&] { return computed.count() > 0; }, 120000));
        QVERIFY2(panel->result().rows.size() == 3, qPrintable(panel->statusText()));
        QTableWidget* table = panel->table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->horizontalHeaderItem(3)->text(), QStringLiteral("NFR"));
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("old"));
        QCOMPARE(table->item(0, 11)->text(), QStringLiteral("old model"));
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("base"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(1, 3)->text(), QStringLiteral("33.33 ± 23.57"));
        QCOMPARE(table->item(1, 11)->text(), QStringLiteral("baseline"));
        QVERIFY(table->item(1, 0)->font().bold());
        QCOMPARE(table->item(2, 3)->text(), QStringLiteral("8.33 ± 11.79"));
        QVERIFY2(table->item(2, 8)->text().startsWith(QStringLiteral("-25.00 [")),
                 qPrintable(table->item(2, 8)->text()));
        QVERIFY(table->item(2, 8)->toolTip().contains(QStringLiteral("(-75%)")));
        const QString details = panel->findChild<QLabel*>(QStringLiteral("seedGroupsDetails"))->text();
        QVERIFY2(details.contains(QStringLiteral("Noise floor")), qPrintable(details));

        // Choosing on test marks the choice; the tab recomputes by itself.
        panel->findChild<QCheckBox*>(QStringLiteral("seedGroupsOnTest"))->setChecked(true);
        QVERIFY(fbtest::waitUntil([&] { return computed.count() > 1; }, 120000));
        QVERIFY(panel->result().rows[2].chosen);
        QCOMPARE(table->item(2, 11)->text(), QStringLiteral("chosen"));
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("seedGroupsDetails"))
                    ->text()
                    .contains(QStringLiteral("optimistic")));
    }
};

QTEST_MAIN(TestPairwiseNfr)
#include "tst_pairwise_nfr.moc"
