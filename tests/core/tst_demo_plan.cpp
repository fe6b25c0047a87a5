// The first thing a new user sees: Welcome -> demo data -> the cpu-quick plan. The demo must make
// the case honestly: on the generated data (deterministic for its seed), FD and LDI trained
// against the plan's old model must flip clearly fewer test images than the plan's plain new
// baseline, at about the same accuracy. This trains the whole plan, as Start does (about five
// minutes on 2 cores).

#include "test_support.h"

#include <flipbench/data/data_folder.h>
#include <flipbench/data/demo_data.h>
#include <flipbench/runs/plan_summary.h>
#include <flipbench/config/presets.h>
#include <flipbench/runs/run_session.h>
#include <flipbench/training/trainer.h>

#include <QtTest/QtTest>

#include <map>

using namespace flipbench;
namespace fs = std::filesystem;

class TestDemoPlan : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    PlanSummary summary_;

    const PlanRunResult& run(const std::string& method) const
    {
        for (const auto& r : summary_.runs)
            if (r.method == method && r.nfrChange)
                return r;
        qFatal("no %s run measured against the baseline", method.c_str());
    }

private Q_SLOTS:
    void initTestCase()
    {
        // What "Create Demo Data and Open a Quick Plan" does: default demo data, the plan as is.
        const fs::path data = writeDemoDataset(scratch_ / "demo");
        const Preset plan = loadPreset("cpu-quick");
        std::map<std::string, std::string> trained;
        std::vector<fs::path> folders;
        for (RunConfig config : plan.runs) {
            config.data.path = data.string();
            config.train.device = "cpu";
            resolvePlanReferences(config, trained);
            PreparedRun prepared = prepareNewRun(config, scratch_ / "workspace");
            NullProgressSink sink;
            CancelToken cancel;
            const auto outcome = trainRun(prepared.folder, prepared.config, prepared.data, sink, cancel);
            QVERIFY2(outcome.state == RunState::Completed, outcome.message.c_str());
            trained[config.name] = prepared.folder.dir().string();
            folders.push_back(prepared.folder.dir());
        }
        summary_ = summarizePlan(folders);
        for (const auto& line : describePlanSummary(summary_))
            qInfo("%s", line.c_str());
    }

    void theDataTrainsEveryImageItPromises()
    {
        // One truth for the plan's sizes: 10,000 training images + 2,000 held out = the demo
        // data's 12,000, tested on all 10,000 test images.
        const DataFolderSummary folder = inspectDataFolder(scratch_ / "demo" / "cifar-10-batches-bin");
        const RunConfig first = loadPreset("cpu-quick").runs.front();
        QCOMPARE(folder.trainImages, first.data.trainLimit);
        QCOMPARE(folder.testImages, first.data.testLimit);
        QCOMPARE(summary_.testSamples, int64_t(10000));
    }

    void oldAndNewModelsDisagreeOnARealShare()
    {
        // Retraining alone must produce regressions worth removing: a few percent of the test set.
        const auto& baseline = [&]() -> const PlanRunResult& {
            for (const auto& r : summary_.runs)
                if (r.name == summary_.baseline)
                    return r;
            qFatal("no baseline");
        }();
        QVERIFY2(*baseline.nfr >= 0.03, formatPercent(*baseline.nfr).c_str());
        QVERIFY2(baseline.accuracy > 0.6 && baseline.accuracy < 0.95, formatPercent(baseline.accuracy).c_str());
    }

    void fdAndLdiCutNegativeFlips()
    {
        // The case the demo makes (issue [2/8]): FD and LDI, trained against the plan's old model,
        // flip fewer of the 10,000 test images than plain retraining, at about the same accuracy.
        // Their settings were chosen on the validation split, and the cut held on a second seed of
        // the new runs (docs/results.md, "The demo plan"). Measured on the development machine:
        // baseline NFR 4.14%, FD 3.29% (21% fewer), LDI 3.55% (14% fewer), accuracy +0.86 and
        // +0.52 points. The bars leave room for another CPU's floating point.
        for (const char* method : {"fd", "ldi"}) {
            const PlanRunResult& r = run(method);
            const std::string why = std::string(method) + ": " + r.verdict;
            qInfo("%s", why.c_str());
            const double baselineNfr = *r.nfr - *r.nfrChange;
            QVERIFY2(-*r.nfrChange / baselineNfr >= 0.08, why.c_str()); // clearly fewer negative flips
            QVERIFY2(*r.accuracyChange > -0.015, why.c_str());          // no more than 1.5 points lost
        }
        // FD's cut is beyond the sampling noise of the difference (0.85 points against about 0.52),
        // and the plan summary says so; LDI's, with one reference model, is at its edge (0.59).
        const PlanRunResult& fd = run("fd");
        QVERIFY2(*fd.nfrChange < -*fd.nfrNoise, fd.verdict.c_str());
        QVERIFY2(-*fd.nfrChange / (*fd.nfr - *fd.nfrChange) >= 0.15, fd.verdict.c_str());
        QVERIFY2(fd.verdict.rfind("fewer regressions", 0) == 0, fd.verdict.c_str());
    }
};

QTEST_GUILESS_MAIN(TestDemoPlan)
#include "tst_demo_plan.moc"
