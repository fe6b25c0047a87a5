// Groups of seeds in the run table, on the hand-counted workspace of flip_fixture.h: the old model
// A, a baseline group {B, C} and an FD group {A, C} against A, 12 test samples.
// Correct answers: A 0 1 2 3 5 7 8 10 11 (9), B 0 2 4 7 9 (5), C 1 3 5 6 7 8 10 11 (8).
//   accuracy: base 5/12 and 8/12 -> 54.17% ± 17.68 (sd of 41.67 and 66.67); fd 9/12 and 8/12 -> 70.83% ± 5.89
//   NFR against A: B loses 1 3 5 8 10 11 (6/12), C loses 0 2 (2/12) -> base 33.33% ± 23.57;
//                  A loses none, C 2/12 -> fd 8.33% ± 11.79
//   noise floor: C against B loses 0 2 4 9 (4/12), B against C loses 1 3 5 6 8 10 11 (7/12) -> 45.83%
// Offscreen.

#include "flip_fixture.h"
#include "test_support.h"

#include "ui/curves/curve_store.h"
#include "ui/curves/curves_panel.h"
#include "ui/compare/pairwise_nfr.h"
#include "ui/runs/run_group_figures.h"
#include "ui/runs/run_groups_updater.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/run_table_proxy.h"
#include "ui/runs/runs_panel.h"

#include <flipbench/runs/plan_membership.h>
#include <flipbench/sweeps/sweep_record.h>

#include "ui/widgets/qcustomplot_include.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest/QtTest>

using flipbench::ui::RunGroupsSnapshot;
using flipbench::ui::RunTableModel;
using flipbench::ui::RunTableProxy;

namespace {

QStringList dirsOf(const fbtest::SeedGroupsWorkspace& ws)
{
    QStringList dirs;
    for (const auto& run : ws.runs)
        dirs << fbtest::toQString(run);
    return dirs;
}

/// The shown Name column, top to bottom.
QStringList shownNames(const QAbstractItemModel& model)
{
    QStringList names;
    for (int r = 0; r < model.rowCount(); ++r)
        names << model.index(r, RunTableModel::Name).data().toString().trimmed();
    return names;
}

} // namespace

class TestRunGroups : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    fbtest::SeedGroupsWorkspace ws_;
    RunGroupsSnapshot snapshot_;

private Q_SLOTS:
    void initTestCase()
    {
        ws_ = fbtest::writeSeedGroupsWorkspace(scratch_.path());
        snapshot_ = flipbench::ui::measureRunGroups(dirsOf(ws_));
    }

    void measuresEachGroupAgainstTheOldModel()
    {
        QCOMPARE(snapshot_.oldModel, QStringLiteral("old"));
        QVERIFY2(snapshot_.note.isEmpty(), qPrintable(snapshot_.note));
        QCOMPARE(snapshot_.groups.size(), 3);
        const auto& old = snapshot_.groups[0];
        QCOMPARE(old.label, QStringLiteral("old"));
        QCOMPARE(old.runDirs.size(), 1);
        QCOMPARE(old.accuracy->text, QStringLiteral("75.00%"));
        // One run: its interval from resampling the test samples.
        QVERIFY2(old.accuracy->toolTip.contains(QStringLiteral("(n 1), 95% CI")), qPrintable(old.accuracy->toolTip));
        QVERIFY(old.accuracy->toolTip.contains(QStringLiteral("resampling the test samples")));
        QVERIFY(!old.nfr); // the old model against itself has no flip rates

        const auto& base = snapshot_.groups[1];
        QCOMPARE(base.label, QStringLiteral("base"));
        QCOMPARE(base.runDirs, QStringList({dirsOf(ws_)[1], dirsOf(ws_)[2]}));
        QCOMPARE(base.accuracy->text, QStringLiteral("54.17% ± 17.68"));
        QCOMPARE(base.nfr->text, QStringLiteral("33.33% ± 23.57"));
        QVERIFY2(
            base.nfr->toolTip.startsWith(QStringLiteral("NFR against the old model old: 33.33% ± 23.57 (n 2), 95% CI")),
            qPrintable(base.nfr->toolTip));
        QCOMPARE(base.nfr->mean, 4.0 / 12);
        const auto& fd = snapshot_.groups[2];
        QCOMPARE(fd.accuracy->text, QStringLiteral("70.83% ± 5.89"));
        QCOMPARE(fd.nfr->text, QStringLiteral("8.33% ± 11.79"));
        QVERIFY2(snapshot_.noiseFloor.contains(QStringLiteral("45.83%")), qPrintable(snapshot_.noiseFloor));
    }

    void withoutAnOldModelGroupsShowTheirAccuracy()
    {
        // The baselines alone: nobody is trained against an old model.
        const QStringList dirs = dirsOf(ws_);
        const RunGroupsSnapshot baselines = flipbench::ui::measureRunGroups({dirs[0], dirs[1], dirs[2]});
        QVERIFY2(baselines.note.contains(QStringLiteral("no run is trained against an old model")),
                 qPrintable(baselines.note));
        QVERIFY(baselines.noiseFloor.isEmpty());
        // old and base share their settings but for the seed: one group of three.
        QCOMPARE(baselines.groups.size(), 1);
        QCOMPARE(baselines.groups[0].runDirs.size(), 3);
        QCOMPARE(baselines.groups[0].accuracy->text, QStringLiteral("61.11% ± 17.35")); // 9, 5, 8 of 12
        QVERIFY(!baselines.groups[0].nfr);
        QVERIFY(flipbench::ui::measureRunGroups({}).groups.isEmpty());
    }

    void aGroupIsOneRowAboveItsRuns()
    {
        RunTableModel model;
        model.setRows(flipbench::ui::readWorkspaceRows(fbtest::toQString(ws_.workspace)));
        QCOMPARE(model.rowCount(), 5); // the runs alone until the groups are measured
        model.setGroups(snapshot_);
        // The fixture's runs have no creation time: workspace order is by name.
        QCOMPARE(shownNames(model), QStringList({"▾ base", "base-s1", "base-s2", "▾ fd", "fd-s1", "fd-s2", "old"}));
        const QModelIndex base = model.index(0, RunTableModel::Accuracy);
        QCOMPARE(base.data().toString(), QStringLiteral("54.17% ± 17.68"));
        QCOMPARE(model.index(0, RunTableModel::Nfr).data().toString(), QStringLiteral("33.33% ± 23.57"));
        QCOMPARE(model.index(0, RunTableModel::Status).data().toString(), QStringLiteral("2 seeds"));
        QVERIFY(model.index(0, RunTableModel::Name).data(RunTableModel::RunDirRole).toString().isEmpty());
        // Beside the group's NFR: the noise floor.
        const QString nfrTip = model.index(0, RunTableModel::Nfr).data(Qt::ToolTipRole).toString();
        QVERIFY2(nfrTip.contains(QStringLiteral("Noise floor")) && nfrTip.contains(QStringLiteral("45.83%")),
                 qPrintable(nfrTip));
        // A run on its own shows its interval; the runs of a group show theirs as before.
        QVERIFY(model.index(6, RunTableModel::Accuracy)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("resampling the test samples")));
        QVERIFY(model.index(1, RunTableModel::Accuracy).data(Qt::ToolTipRole).toString().isEmpty());

        // Deleting a seed leaves a group of one run: no group row, and no group figures on the run.
        QVector<flipbench::ui::RunRow> rows = flipbench::ui::readWorkspaceRows(fbtest::toQString(ws_.workspace));
        rows.removeAt(1); // base-s2
        model.setRows(rows);
        QCOMPARE(shownNames(model), QStringList({"base-s1", "▾ fd", "fd-s1", "fd-s2", "old"}));
        QVERIFY(model.index(0, RunTableModel::Accuracy).data(Qt::ToolTipRole).toString().isEmpty());
    }

    void collapsedGroupsHideTheirRunsAndSortingKeepsThemTogether()
    {
        RunTableModel model;
        model.setRows(flipbench::ui::readWorkspaceRows(fbtest::toQString(ws_.workspace)));
        model.setGroups(snapshot_);
        RunTableProxy proxy(&model);
        proxy.setSortRole(RunTableModel::SortRole);
        proxy.setFilterKeyColumn(-1);
        proxy.setFilterRole(RunTableModel::FilterRole);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        QCOMPARE(proxy.rowCount(), 7);

        const QString baseKey = model.rowAt(0)->key();
        model.setCollapsed(baseKey, true);
        QCOMPARE(shownNames(proxy), QStringList({"▸ base", "▾ fd", "fd-s1", "fd-s2", "old"}));
        model.setAllCollapsed(true);
        QCOMPARE(shownNames(proxy), QStringList({"▸ base", "▸ fd", "old"}));
        model.setAllCollapsed(false);
        QCOMPARE(proxy.rowCount(), 7);

        // NFR, highest first: base's 33.33% with its runs, then fd's 8.33% with its runs, then the
        // old model, which has none. Each group's row stays above its runs in both directions.
        proxy.sort(RunTableModel::Nfr, Qt::DescendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({"▾ base", "base-s1", "base-s2", "▾ fd", "fd-s1", "fd-s2", "old"}));
        proxy.sort(RunTableModel::Nfr, Qt::AscendingOrder);
        QCOMPARE(shownNames(proxy), QStringList({"old", "▾ fd", "fd-s1", "fd-s2", "▾ base", "base-s1", "base-s2"}));
        proxy.sort(-1);

        // The filter: a run that matches brings its group's row; a group that matches, its runs.
        proxy.setFilterFixedString(QStringLiteral("s2"));
        QCOMPARE(shownNames(proxy), QStringList({"▾ base", "base-s2", "▾ fd", "fd-s2"}));
        proxy.setFilterFixedString(QStringLiteral("base")); // the old model's method is Baseline
        QCOMPARE(shownNames(proxy), QStringList({"▾ base", "base-s1", "base-s2", "old"}));
    }

    void plansGroupTheirRunsWhateverTheirState()
    {
        // A second copy of the workspace: base-s1 and fd-s1 of a plan of three (plan.json; the CLI
        // makes a folder as its run starts, so the third has none yet),
        // fd-s2 and old trained by the sweep "grid" (sweep.json), base-s2 alone.
        fbtest::ScratchDir scratch;
        const auto ws = fbtest::writeSeedGroupsWorkspace(scratch.path());
        const std::filesystem::path folder = ws.workspace;
        flipbench::writePlanMembership(folder / "base-s1", {"base-s1", "cpu-quick", 1, 3});
        flipbench::writePlanMembership(folder / "fd-s1", {"base-s1", "cpu-quick", 0, 3});
        flipbench::SweepMembership sweep;
        sweep.sweep = "grid";
        sweep.arm = "fd";
        flipbench::writeSweepMembership(folder / "fd-s2", sweep);
        sweep.arm = "old";
        flipbench::writeSweepMembership(folder / "old", sweep);

        QVector<flipbench::ui::RunRow> rows = flipbench::ui::readWorkspaceRows(fbtest::toQString(folder));
        QCOMPARE(rows[2].name, QStringLiteral("fd-s1"));
        rows[2].state = flipbench::RunState::Running; // as if halfway through training
        rows[2].progress = 0.5;
        RunTableModel model;
        model.setRows(rows);
        model.setGroups(flipbench::ui::measureRunGroups(dirsOf(ws)));
        // By seeds, fd-s1 is not yet a seed of its group (it runs), and fd-s2 is an arm of a sweep.
        QCOMPARE(shownNames(model), QStringList({"▾ base", "base-s1", "base-s2", "fd-s1", "fd-s2", "old"}));

        model.setGrouping(RunTableModel::Grouping::Plans);
        // Each plan where its first run in the workspace is; its runs in the plan's order (fd-s1 was
        // queued first), running ones too.
        QCOMPARE(shownNames(model),
                 QStringList({"▾ cpu-quick", "fd-s1", "base-s1", "base-s2", "▾ grid", "fd-s2", "old"}));
        const flipbench::ui::RunRow* plan = model.rowAt(0);
        QVERIFY(plan->isPlanGroup());
        QCOMPARE(plan->key(), QStringLiteral("plan:base-s1"));
        // The cell is short (it sits in a progress bar); the whole count is its tooltip.
        QCOMPARE(model.index(0, RunTableModel::Status).data().toString(), QStringLiteral("1/3 done"));
        QCOMPARE(model.rowAt(0)->message, QStringLiteral("1/3 done · 1 running · 1 waiting"));
        QVERIFY(model.index(0, RunTableModel::Status)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("1 running · 1 waiting")));
        QCOMPARE(model.index(0, RunTableModel::Method).data().toString(), QStringLiteral("FD, Baseline"));
        QCOMPARE(model.index(0, RunTableModel::Status).data(RunTableModel::StateRole).toInt(),
                 int(flipbench::RunState::Running));
        // (1 + .5) / 3: the run still to come counts as not started.
        QCOMPARE(model.index(0, RunTableModel::Status).data(RunTableModel::ProgressRole).toDouble(), 0.5);
        // A plan's runs differ in their settings: no mean over them.
        QVERIFY(model.index(0, RunTableModel::Nfr).data().toString().isEmpty());
        QCOMPARE(model.index(4, RunTableModel::Status).data().toString(), QStringLiteral("2/2 done"));
        QCOMPARE(model.rowAt(4)->key(), QStringLiteral("plan:sweep:grid"));
        // base-s2 stands alone: its group of seeds does not show in this view, and the group's
        // figures do not describe it alone.
        QVERIFY(model.index(3, RunTableModel::Accuracy).data(Qt::ToolTipRole).toString().isEmpty());

        // Live progress moves the plan's row with its run: 9 of 10 steps -> (1 + .9) / 3.
        flipbench::ui::RunProgress progress;
        progress.runDir = rows[2].dir;
        progress.jobId = 7;
        progress.epochs = 1;
        progress.globalStep = 9;
        progress.totalSteps = 10;
        model.applyProgress(progress);
        QCOMPARE(model.index(0, RunTableModel::Status).data(RunTableModel::ProgressRole).toDouble(), 1.9 / 3);

        // The plan's row stands for its runs: Cancel reaches the running one.
        RunTableModel panelModel;
        flipbench::ui::RunsPanel panel(&panelModel);
        panelModel.setRows(rows);
        panel.setGrouping(RunTableModel::Grouping::Plans);
        panelModel.setJobForDir(rows[2].dir, 7);
        panel.view()->selectRow(0);
        QCOMPARE(panel.selectedRuns().size(), 2);
        QCOMPARE(panel.selectedJobIds(), QList<int>({7}));
        QCOMPARE(panel.selectedRunDirs(), QStringList({rows[2].dir, rows[0].dir})); // in plan order

        // Once nothing of the plan runs or waits, the run without a folder was not run (skipped,
        // deleted, taken off the queue): the plan does not wait for it.
        rows[2].state = flipbench::RunState::Completed;
        model.setRows(rows);
        QCOMPARE(model.index(0, RunTableModel::Status).data().toString(), QStringLiteral("2/3 done · 1 not run"));
        QVERIFY(model.rowAt(0)->state == flipbench::RunState::Skipped);

        model.setGrouping(RunTableModel::Grouping::None);
        QCOMPARE(shownNames(model), QStringList({"base-s1", "base-s2", "fd-s1", "fd-s2", "old"}));
        model.setGrouping(RunTableModel::Grouping::Seeds);
        QCOMPARE(model.rowCount(), 6);
    }

    void thePanelCollapsesWithTheKeysAndShowsTheNoiseFloor()
    {
        RunTableModel model;
        flipbench::ui::RunsPanel panel(&model);
        panel.resize(1000, 400);
        model.setRows(flipbench::ui::readWorkspaceRows(fbtest::toQString(ws_.workspace)));
        model.setGroups(snapshot_);
        auto* label = panel.findChild<QLabel*>(QStringLiteral("runNoiseFloorLabel"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QStringLiteral("45.83%")), qPrintable(label->text()));
        QVERIFY(!label->isHidden());

        // A selected group stands for its runs (curves, reports, delete).
        QTableView* view = panel.view();
        view->setCurrentIndex(view->model()->index(0, RunTableModel::Name));
        view->selectRow(0);
        QCOMPARE(panel.selectedRunDirs(), QStringList({dirsOf(ws_)[1], dirsOf(ws_)[2]}));
        QTest::keyClick(view, Qt::Key_Left);
        QVERIFY(model.isCollapsed(model.rowAt(0)->key()));
        QCOMPARE(view->model()->rowCount(), 5);
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(view->model()->rowCount(), 7);
    }

    void curvesDrawAGroupAsItsMeanWithABand()
    {
        // Three seeds' epochs (test accuracy, test NFR): epoch 1 of all three, epoch 2 of two.
        //   epoch 1 accuracy 50, 60, 70 -> mean 60, sd 10;   NFR 4, 6, 8 -> mean 6, sd 2
        //   epoch 2 accuracy 70, 80     -> mean 75, sd 7.07; NFR 3, 5   -> mean 4, sd 1.41
        const std::vector<std::vector<std::pair<double, double>>> epochs = {
            {{0.5, 0.04}, {0.7, 0.03}}, {{0.6, 0.06}, {0.8, 0.05}}, {{0.7, 0.08}}};
        QStringList dirs;
        for (size_t seed = 0; seed < epochs.size(); ++seed) {
            const QString dir = fbtest::toQString(scratch_ / "curves" / ("s" + std::to_string(seed + 1)));
            QVERIFY(QDir().mkpath(dir));
            QFile metrics(dir + QStringLiteral("/metrics.jsonl"));
            QVERIFY(metrics.open(QIODevice::WriteOnly));
            for (size_t e = 0; e < epochs[seed].size(); ++e)
                metrics.write(
                    QStringLiteral("{\"type\": \"epoch\", \"epoch\": %1, \"test_acc\": %2, \"test_nfr\": %3}\n")
                        .arg(e + 1)
                        .arg(epochs[seed][e].first)
                        .arg(epochs[seed][e].second)
                        .toUtf8());
            dirs << dir;
        }
        flipbench::ui::CurveStore store;
        flipbench::ui::CurvesPanel panel(&store);
        panel.setRuns(dirs, {{QStringLiteral("base"), dirs}});
        auto* accuracy = panel.findChild<QCustomPlot*>(QStringLiteral("accuracyPlot"));
        auto* flips = panel.findChild<QCustomPlot*>(QStringLiteral("flipPlot"));
        const auto graphNamed = [](QCustomPlot* plot, const QString& name) -> QCPGraph* {
            for (int i = 0; i < plot->graphCount(); ++i)
                if (plot->graph(i)->name() == name)
                    return plot->graph(i);
            return nullptr;
        };
        QCPGraph* mean = graphNamed(accuracy, QStringLiteral("base · mean test"));
        QCPGraph* high = graphNamed(accuracy, QStringLiteral("base · test + sd"));
        QCPGraph* low = graphNamed(accuracy, QStringLiteral("base · test − sd"));
        QVERIFY(mean && high && low);
        QCOMPARE(mean->data()->size(), 2);
        QCOMPARE(mean->data()->at(0)->value, 60.0);
        QCOMPARE(high->data()->at(0)->value, 70.0);
        QCOMPARE(low->data()->at(0)->value, 50.0);
        QCOMPARE(mean->data()->at(1)->value, 75.0);
        QVERIFY(qAbs(high->data()->at(1)->value - (75.0 + std::sqrt(50.0))) < 1e-9); // sd of 70, 80
        QVERIFY(high->channelFillGraph() == low); // the band is filled between the two
        QCPGraph* nfr = graphNamed(flips, QStringLiteral("base · mean test NFR"));
        QVERIFY(nfr);
        QVERIFY(qAbs(nfr->data()->at(0)->value - 6.0) < 1e-9);
        QVERIFY(qAbs(graphNamed(flips, QStringLiteral("base · test NFR + sd"))->data()->at(1)->value -
                     (4.0 + std::sqrt(2.0))) < 1e-9);
        // The seeds' own lines stay.
        QVERIFY(graphNamed(accuracy, QStringLiteral("s3 · test")));
        // Without the group: no band.
        panel.setRuns(dirs);
        QVERIFY(!graphNamed(accuracy, QStringLiteral("base · mean test")));
    }

    void thePairwiseMatrixGivesEachPairOfGroupsItsMeanAndSpread()
    {
        // Runs a, b (group "base") and c, d (group "fd"); NFR[old][new] chosen by hand.
        flipbench::ui::PairwiseNfr result;
        result.names = result.paths = QStringList({"a", "b", "c", "d"});
        result.methods = QStringList({"Baseline", "Baseline", "FD", "FD"});
        result.accuracy = {0.8, 0.8, 0.8, 0.8};
        result.group = {0, 0, 1, 1};
        result.groupLabels = QStringList({"base", "fd"});
        result.nfr = {{0, 0.10, 0.20, 0.30}, {0.12, 0, 0.40, 0.10}, {0.05, 0.05, 0, 0.02}, {0.05, 0.05, 0.04, 0}};
        // base -> fd: a->c .20, a->d .30, b->c .40, b->d .10: mean 25%, sd sqrt(.05 / 3) = 12.91 points.
        QCOMPARE(flipbench::ui::groupPairNfrs(result, 0, 1), QVector<double>({0.20, 0.30, 0.40, 0.10}));
        flipbench::ui::PairwiseNfrTable table;
        table.setResult(result);
        const QString across = table.item(0, 2)->toolTip();
        QVERIFY2(across.contains(QStringLiteral("base → fd: mean 25.00% ± 12.91 points over 4 pairs of runs")),
                 qPrintable(across));
        // Within base: a->b .10, b->a .12: the churn among its seeds, 11.00% ± 1.41.
        const QString within = table.item(1, 0)->toolTip();
        QVERIFY2(
            within.contains(QStringLiteral("Within base (the churn among its own seeds): mean 11.00% ± 1.41 points "
                                           "over 2 pairs of runs")),
            qPrintable(within));
    }

    void theUpdaterMeasuresOffTheGuiThreadOncePerChange()
    {
        flipbench::ui::RunGroupsUpdater updater;
        QSignalSpy measured(&updater, &flipbench::ui::RunGroupsUpdater::measured);
        const auto rows = flipbench::ui::readWorkspaceRows(fbtest::toQString(ws_.workspace));
        updater.update(rows);
        QVERIFY(updater.isBusy());
        QVERIFY(fbtest::waitUntil([&] { return measured.count() == 1; }, 60000));
        const auto snapshot = measured.takeFirst().at(0).value<RunGroupsSnapshot>();
        QCOMPARE(snapshot.groups.size(), 3);
        updater.update(rows); // the same completed runs: nothing to measure again
        QVERIFY(!updater.isBusy());
        updater.update(rows.mid(0, 3)); // base-s1, base-s2, fd-s1: the old model deleted, say
        QVERIFY(updater.isBusy());
        QVERIFY(fbtest::waitUntil([&] { return measured.count() == 1; }, 60000));
        // Still measured against fd-s1's reference: the base group and fd-s1 alone.
        const auto fewer = measured.takeFirst().at(0).value<RunGroupsSnapshot>();
        QCOMPARE(fewer.groups.size(), 2);
        QCOMPARE(fewer.groups[1].runDirs, QStringList({dirsOf(ws_)[3]}));
    }
};

QTEST_MAIN(TestRunGroups)
#include "tst_run_groups.moc"
