// A finished plan's summary (NFR of each method against the plan's own new baseline, with a plain
// verdict) and the warning for a loss term that swamps the other. Every expected value is counted
// by hand in the comments.

#include "test_support.h"

#include <flipbench/training/loss_balance.h>
#include <flipbench/pytorch/npy.h>
#include <flipbench/runs/plan_membership.h>
#include <flipbench/runs/plan_summary.h>
#include <flipbench/runs/run_store.h>
#include <flipbench/runs/run_summary.h>
#include <flipbench/sweeps/sweep_record.h>
#include <flipbench/util/atomic_file.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

using namespace flipbench;
namespace fs = std::filesystem;

namespace {

/// 1,000 test samples, the pattern of 10 repeated 100 times: labels 0 x5, 1 x5.
torch::Tensor labels()
{
    std::vector<int64_t> values;
    for (int r = 0; r < 100; ++r)
        for (int i = 0; i < 10; ++i)
            values.push_back(i < 5 ? 0 : 1);
    return torch::tensor(values);
}

/// Logits predicting the label except on the pattern positions in `wrong` (then the other class).
torch::Tensor logitsWrongAt(const std::vector<int>& wrong)
{
    const auto y = labels();
    auto logits = torch::zeros({y.size(0), 2});
    for (int64_t i = 0; i < y.size(0); ++i) {
        const bool isWrong = std::find(wrong.begin(), wrong.end(), int(i % 10)) != wrong.end();
        const int64_t predicted = isWrong ? 1 - y[i].item<int64_t>() : y[i].item<int64_t>();
        logits[i][predicted] = 3.0;
    }
    return logits;
}

fs::path writeRun(const fs::path& workspace, const std::string& name, const std::string& method,
                  const std::vector<std::string>& reference, const torch::Tensor& logits,
                  RunState state = RunState::Completed)
{
    const RunFolder run = RunFolder::create(workspace, name);
    run.writeJson("config.json", {{"name", name}, {"method", {{"name", method}, {"reference", reference}}}});
    run.writeJson("dataset.json", {{"fingerprint", "f"}, {"class_names", {"a", "b"}}});
    writeNpy(run.file("logits.npy"), logits);
    writeNpy(run.file("labels.npy"), labels());
    RunStatus status = run.readStatus();
    status.state = state;
    run.writeStatus(status);
    return run.dir();
}

const PlanRunResult& byName(const PlanSummary& summary, const std::string& name)
{
    for (const auto& run : summary.runs)
        if (run.name == name)
            return run;
    qFatal("no run %s", name.c_str());
}

} // namespace

class TestPlanSummary : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verdictsAgainstThePlansBaseline()
    {
        fbtest::ScratchDir scratch;
        const auto ws = scratch / "ws";
        // Old: wrong at pattern positions 8, 9 (80% accuracy).
        const auto old = writeRun(ws, "old", "baseline", {}, logitsWrongAt({8, 9}));
        const std::vector<std::string> ref = {old.string()};
        // Baseline: wrong at 0, 1, 2 (negative flips: old right there) and right at 8, 9 (positive
        // flips): NFR 3/10 = 30%, PFR 2/10 = 20%, accuracy 70%.
        const auto base = writeRun(ws, "baseline", "baseline", ref, logitsWrongAt({0, 1, 2}));
        // FD: wrong at 0 and 9: NFR 10%, PFR 10% (8), accuracy 80%.
        const auto fd = writeRun(ws, "fd", "fd", ref, logitsWrongAt({0, 9}));
        // LDI: wrong at 0..3: NFR 40%, accuracy 60%.
        const auto ldi = writeRun(ws, "ldi", "ldi", ref, logitsWrongAt({0, 1, 2, 3}));
        // A failed run is listed, with no numbers.
        const auto failed = writeRun(ws, "fd-failed", "fd", ref, logitsWrongAt({}), RunState::Failed);

        const PlanSummary summary = summarizePlan({old, base, fd, ldi, failed});
        QCOMPARE(QString::fromStdString(summary.baseline), QString("baseline"));
        QCOMPARE(summary.testSamples, int64_t(1000));
        const auto& b = byName(summary, "baseline");
        QCOMPARE(b.accuracy, 0.7);
        QCOMPARE(*b.nfr, 0.3);
        QCOMPARE(*b.pfr, 0.2);
        const auto& f = byName(summary, "fd");
        QVERIFY(std::abs(*f.nfrChange - (-0.2)) < 1e-12);
        QVERIFY(std::abs(*f.accuracyChange - 0.1) < 1e-12);
        // Noise: 1.96 * sqrt((0.1 * 0.9 + 0.3 * 0.7) / 1000) = 1.96 * sqrt(0.0003) = 0.033948.
        QVERIFY(std::abs(*f.nfrNoise - 0.033948) < 1e-5);
        QVERIFY2(fbtest::startsWith(f.verdict, "fewer regressions: NFR 10.00% against 30.00%"), f.verdict.c_str());
        QVERIFY2(fbtest::contains(f.verdict, "(67% fewer negative flips)"), f.verdict.c_str());
        const auto& l = byName(summary, "ldi");
        QVERIFY2(fbtest::startsWith(l.verdict, "more regressions than retraining: NFR 40.00%"), l.verdict.c_str());
        QVERIFY2(fbtest::contains(l.verdict, "method.ldi.margin"), l.verdict.c_str());
        QVERIFY2(fbtest::startsWith(byName(summary, "fd-failed").verdict, "did not complete (failed)"),
                 byName(summary, "fd-failed").verdict.c_str());
        QVERIFY(!byName(summary, "fd-failed").completed);
        QVERIFY(byName(summary, "fd").completed);
        QVERIFY(byName(summary, "old").verdict.empty());

        const auto lines = describePlanSummary(summary);
        QVERIFY(std::any_of(lines.begin(), lines.end(),
                            [](const std::string& line) { return fbtest::startsWith(line, "fd: fewer regressions"); }));
    }

    void smallDifferencesAreNoise()
    {
        fbtest::ScratchDir scratch;
        const auto ws = scratch / "ws";
        const auto old = writeRun(ws, "old", "baseline", {}, logitsWrongAt({8, 9}));
        const std::vector<std::string> ref = {old.string()};
        const auto base = writeRun(ws, "baseline", "baseline", ref, logitsWrongAt({0, 1, 2}));
        // Wrong at 0, 1 and at 2 only in the first 90 repetitions: NFR 290/1000 = 29%, 1 point
        // below the baseline; the noise is 1.96 * sqrt((0.29 * 0.71 + 0.21) / 1000) = 0.0401.
        auto logits = logitsWrongAt({0, 1, 2});
        for (int r = 90; r < 100; ++r) {
            logits[r * 10 + 2][0] = 3.0;
            logits[r * 10 + 2][1] = 0.0;
        }
        const auto near = writeRun(ws, "ldi", "ldi", ref, logits);
        const PlanSummary summary = summarizePlan({old, base, near});
        const auto& l = byName(summary, "ldi");
        QVERIFY(std::abs(*l.nfr - 0.29) < 1e-12);
        QVERIFY2(fbtest::startsWith(l.verdict, "no clear difference from retraining"), l.verdict.c_str());
    }

    void planMembershipRoundTripsAndFallsBackToTheSweep()
    {
        fbtest::ScratchDir ws;
        const fs::path run = ws / "fd-2";
        fs::create_directories(run);
        QVERIFY(!planOfRun(run)); // trained alone: no plan

        writePlanMembership(run, {"new-baseline-1", "cpu-quick", 2, 3});
        const auto plan = planOfRun(run);
        QVERIFY(plan);
        QCOMPARE(plan->plan, std::string("new-baseline-1"));
        QCOMPARE(plan->label, std::string("cpu-quick"));
        QCOMPARE(plan->position, 2);
        QCOMPARE(plan->size, 3);

        // A damaged plan.json leaves the run on its own rather than failing the table.
        writeTextAtomically(run / "plan.json", "{\"plan\": ");
        QVERIFY(!readPlanMembership(run));
        // A run with only sweep.json belongs to the plan of its sweep, named by the sweep.
        SweepMembership sweep;
        sweep.sweep = "kd-grid";
        sweep.arm = "fd";
        writeSweepMembership(run, sweep);
        const auto ofSweep = planOfRun(run);
        QVERIFY(ofSweep);
        QCOMPARE(ofSweep->plan, std::string("sweep:kd-grid"));
        QCOMPARE(ofSweep->label, std::string("kd-grid"));
        // plan.json wins over sweep.json when both are there (the GUI's sweep writes only sweep.json).
        writePlanMembership(run, {"old-1", "old-1", 1, 2});
        QCOMPARE(planOfRun(run)->plan, std::string("old-1"));
    }

    void runSummaryIsWhatListingsShow()
    {
        fbtest::ScratchDir ws;
        const auto old = writeRun(ws.path(), "old", "baseline", {}, logitsWrongAt({}));
        const auto other = writeRun(ws.path(), "other", "baseline", {}, logitsWrongAt({}));
        // LDI against two references is ELODI; the references are listed by folder name.
        const auto elodi = writeRun(ws.path(), "elodi", "ldi", {old.string(), other.string()}, logitsWrongAt({1}));
        const RunFolder run = RunFolder::open(elodi);
        EpochRecord epoch;
        epoch.epoch = 1;
        epoch.testAccuracy = 0.5; // an earlier epoch: not the one shown
        run.appendMetrics(epoch);
        epoch.epoch = 2;
        epoch.testAccuracy = 0.9;
        epoch.testNfr = 0.02;
        epoch.testPfr = 0.03;
        run.appendMetrics(epoch);
        writeTextAtomically(run.file("notes.json"), "[not notes");
        writePlanMembership(elodi, {"old", "mine", 2, 3});

        const RunSummary summary = readRunSummary(elodi);
        QVERIFY(!summary.unreadable);
        QCOMPARE(summary.name, std::string("elodi"));
        QCOMPARE(summary.methodLabel(), std::string("ELODI"));
        QCOMPARE(summary.references, (std::vector<std::string>{"old", "other"}));
        QCOMPARE(*summary.testAccuracy, 0.9);
        QCOMPARE(*summary.testNfr, 0.02);
        QCOMPARE(*summary.testPfr, 0.03);
        // Damaged notes lose only the notes, and say why.
        QVERIFY(summary.tags.empty());
        QVERIFY2(fbtest::contains(summary.notesError, "notes.json is not valid JSON"), summary.notesError.c_str());
        QCOMPARE(summary.plan->label, std::string("mine"));
        QCOMPARE(readRunSummary(old).methodLabel(), std::string("Baseline"));
        QVERIFY(!readRunSummary(old).testAccuracy); // no epoch logged

        // A folder whose status.json does not read is listed, failed, saying why; never thrown.
        const auto broken = ws / "broken";
        fs::create_directories(broken);
        writeTextAtomically(broken / "status.json", "{");
        const RunSummary unreadable = readRunSummary(broken);
        QVERIFY(unreadable.unreadable);
        QVERIFY(unreadable.status.state == RunState::Failed);
        QVERIFY2(fbtest::contains(unreadable.status.message, "status.json"), unreadable.status.message.c_str());
        QCOMPARE(listRuns(ws.path()).size(), size_t(4));
    }

    void lossBalanceWarnsOnceAfterManySteps()
    {
        LossBalanceMonitor monitor("fd", 3);
        // 386 against 2.3: about 168x, above 100x. Two steps are not yet "many".
        QVERIFY(!monitor.observe(1, 1, 2.3, 386));
        QVERIFY(!monitor.observe(1, 2, 2.3, 386));
        // A balanced step resets the count.
        QVERIFY(!monitor.observe(1, 3, 2.3, 2.0));
        QVERIFY(!monitor.observe(1, 4, 2.3, 386));
        QVERIFY(!monitor.observe(1, 5, 2.3, 386));
        const auto warning = monitor.observe(1, 6, 2.3, 386);
        QVERIFY(warning);
        QVERIFY2(fbtest::startsWith(*warning, "Warning: the weighted FD term (386)"), warning->c_str());
        QVERIFY2(fbtest::contains(*warning, "up to epoch 1, step 6"), warning->c_str());
        QVERIFY2(fbtest::contains(*warning, "method.fd.temperature"), warning->c_str());
        QVERIFY(!monitor.observe(1, 7, 2.3, 386)); // once per run

        LossBalanceMonitor weak("ldi", 2);
        QVERIFY(!weak.observe(1, 1, 2.0, 0.001));
        const auto tooWeak = weak.observe(1, 2, 2.0, 0.001);
        QVERIFY(tooWeak);
        QVERIFY2(fbtest::contains(*tooWeak, "hardly changes training"), tooWeak->c_str());
        // A term at zero (nothing to distil yet) is not an imbalance.
        LossBalanceMonitor zero("ldi", 1);
        QVERIFY(!zero.observe(1, 1, 2.0, 0.0));
    }
};

QTEST_GUILESS_MAIN(TestPlanSummary)
#include "tst_plan_summary.moc"
