// Sweeps (spec, expansion, the resumable runner), run groups and the group table.
//
// The spec and plan tests are pure; the runner trains a few tiny runs on demo data and stops one
// with a CancelToken, as Ctrl-C does in the CLI; the group table is checked on hand-made runs whose
// every count is known (the flip fixture), so its means, noise floor and differences are exact.

#include "flip_fixture.h"
#include "test_support.h"

#include "flipbench/config/run_config.h"
#include "flipbench/runs/run_groups.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/statistics/group_table.h"
#include "flipbench/sweeps/sweep_plan.h"
#include "flipbench/sweeps/sweep_runner.h"
#include "flipbench/sweeps/sweep_spec.h"
#include "flipbench/util/errors.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// A spec over demo data: an old model, a plain baseline over `seeds`, and FD against the old
/// model over a grid of two loss weights.
json demoSpec(const fs::path& data, const std::vector<int>& seeds, int epochs)
{
    json base = flipbench::toJson(fbtest::tinyRunConfig(data, "unused", epochs, 0));
    base["data"]["train_limit"] = 256;
    base["data"]["test_limit"] = 128;
    base["train"]["log_every"] = 1;
    return {{"name", "t"},
            {"base", base},
            {"old", "@old"},
            {"baseline", "base"},
            {"arms",
             {{{"label", "old"}, {"seeds", json::array({7})}},
              {{"label", "base"}, {"seeds", seeds}},
              {{"label", "fd"},
               {"seeds", seeds},
               {"reference", json::array({"@old"})},
               {"set", {{"method.name", "fd"}}},
               {"grid", {{"method.kd_loss_weight", {0.5, 1}}}}}}}};
}

std::vector<std::string> namesOf(const flipbench::SweepPlan& plan)
{
    std::vector<std::string> names;
    for (const auto& run : plan.runs)
        names.push_back(run.name);
    return names;
}

std::string expansionError(const json& spec)
{
    const auto message = fbtest::thrownMessage<flipbench::ConfigError>(
        [&] { flipbench::expandSweep(flipbench::parseSweepSpec(spec, fs::path("/")), std::nullopt); });
    return message.value_or("(no error)");
}

/// Stops the sweep at the second step of one run, as Ctrl-C does, and records what it was told.
class CancellingObserver : public flipbench::SweepObserver, private flipbench::ProgressSink {
public:
    CancellingObserver(flipbench::CancelToken cancel, std::string stopIn) : cancel_(cancel), stopIn_(std::move(stopIn))
    {
    }
    void runStarting(const flipbench::SweepRunSurvey& survey, int, int) override
    {
        started.push_back(survey.run->name + ":" + flipbench::toString(survey.step));
    }
    void runFinished(const flipbench::SweepRunSurvey& survey, const flipbench::TrainOutcome& outcome) override
    {
        finished[survey.run->name] = outcome.state;
    }
    void runSkipped(const flipbench::SweepRunSurvey& survey, const std::string& why) override
    {
        skipped.push_back(survey.run->name + ": " + why);
    }
    flipbench::ProgressSink& progress() override { return *this; }

    std::vector<std::string> started, skipped;
    std::map<std::string, flipbench::RunState> finished;

private:
    void runStarted(const std::string& runName, int, int64_t) override { current_ = runName; }
    void step(const flipbench::StepProgress& progress) override
    {
        if (current_ == stopIn_ && progress.globalStep >= 2)
            cancel_.cancel();
    }

    flipbench::CancelToken cancel_;
    std::string stopIn_, current_;
};

} // namespace

class TestSweeps : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specErrorsNameTheField()
    {
        const fs::path data = "/data";
        json spec = demoSpec(data, {1}, 1);

        json noName = spec;
        noName.erase("name");
        QVERIFY(fbtest::contains(expansionError(noName), "name: a sweep needs a name"));

        json notAList = spec;
        notAList["arms"][2]["grid"] = {{"method.kd_loss_weight", 0.5}};
        QVERIFY2(fbtest::contains(expansionError(notAList), "arms[2].grid.method.kd_loss_weight"),
                 expansionError(notAList).c_str());

        json unknownKey = spec;
        unknownKey["arms"][1]["sed"] = json::array({1});
        QVERIFY2(fbtest::contains(expansionError(unknownKey), "sed"), expansionError(unknownKey).c_str());

        json unknownArm = spec;
        unknownArm["arms"][2]["reference"] = json::array({"@nobody"});
        QVERIFY2(fbtest::contains(expansionError(unknownArm), "\"@nobody\" names no arm"),
                 expansionError(unknownArm).c_str());

        json cycle = spec;
        cycle["arms"][0]["reference"] = json::array({"@fd"});
        cycle["arms"][0]["set"] = {{"method.name", "ldi"}};
        QVERIFY2(fbtest::contains(expansionError(cycle), "cycle (old -> fd -> old)") ||
                     fbtest::contains(expansionError(cycle), "cycle (fd -> old -> fd)"),
                 expansionError(cycle).c_str());

        json twoOld = spec;
        twoOld["arms"][0]["seeds"] = {7, 8};
        QVERIFY(fbtest::contains(expansionError(twoOld), "old: arm \"old\" has 2 runs"));
    }

    void invalidGridValueNamesArmFieldAndValue()
    {
        json spec = demoSpec("/data", {1}, 1);
        spec["arms"][2]["grid"] = {{"method.kd_loss_weight", {0.5, -1}}};
        const std::string error = expansionError(spec);
        QVERIFY2(
            fbtest::startsWith(error, "arm \"fd\", method.kd_loss_weight = -1: method.kd_loss_weight: must be >= 0"),
            error.c_str());

        json unknownField = demoSpec("/data", {1}, 1);
        unknownField["arms"][1]["grid"] = {{"train.lr_warmup", {1, 2}}};
        QVERIFY2(fbtest::contains(expansionError(unknownField), "train.lr_warmup"),
                 expansionError(unknownField).c_str());
    }

    void expansionOrdersArmsAndNamesRuns()
    {
        json spec = demoSpec("/data", {1, 2}, 1);
        // Written before the old model's arm: the plan still trains the old model first.
        std::swap(spec["arms"][0], spec["arms"][2]);
        const auto plan = flipbench::expandSweep(flipbench::parseSweepSpec(spec, "/"), std::string("/other"));
        const std::vector<std::string> expected = {"t-fd-kd_loss_weight0.5-s1",
                                                   "t-fd-kd_loss_weight0.5-s2",
                                                   "t-fd-kd_loss_weight1-s1",
                                                   "t-fd-kd_loss_weight1-s2",
                                                   "t-base-s1",
                                                   "t-base-s2"};
        QCOMPARE(plan.runs.size(), size_t(7));
        QCOMPARE(plan.runs.front().name, std::string("t-old-s7"));
        std::vector<std::string> rest = namesOf(plan);
        rest.erase(rest.begin());
        QCOMPARE(rest, expected);

        const auto& fd = plan.runs[1];
        QCOMPARE(fd.arm, std::string("fd"));
        QCOMPARE(fd.point, std::string("kd_loss_weight=0.5"));
        QCOMPARE(fd.config.method.kdLossWeight, 0.5);
        QCOMPARE(fd.config.train.seed, uint64_t(1));
        QCOMPARE(fd.config.data.path, std::string("/other")); // --data replaces every run's data.path
        QCOMPARE(fd.config.method.reference, std::vector<std::string>({"@old"}));
        QCOMPARE(fd.referenceArms, std::vector<std::string>({"old"}));

        const auto resolved = flipbench::resolveSweepReferences(plan, fd, "/ws");
        QCOMPARE(resolved.method.reference, std::vector<std::string>({"/ws/t-old-s7"}));
        QCOMPARE(flipbench::sweepOldModel(plan, "/ws").value(), fs::path("/ws/t-old-s7"));
    }

    void aReferenceToAnArmOfSeveralRunsIsAnEnsemble()
    {
        json spec = demoSpec("/data", {1, 2, 3}, 1);
        spec["arms"][2]["reference"] = json::array({"@base"});
        spec["arms"][2]["set"] = {{"method.name", "ldi"}};
        spec["arms"][2].erase("grid");
        const auto plan = flipbench::expandSweep(flipbench::parseSweepSpec(spec, "/"), std::nullopt);
        const auto elodi = plan.runsOf("fd");
        QCOMPARE(elodi.size(), size_t(3));
        const auto resolved = flipbench::resolveSweepReferences(plan, *elodi.front(), "/ws");
        QCOMPARE(resolved.method.reference,
                 std::vector<std::string>({"/ws/t-base-s1", "/ws/t-base-s2", "/ws/t-base-s3"}));
        // Every baseline run trains before the first run that is trained against them.
        const auto names = namesOf(plan);
        const auto firstLdi = std::find(names.begin(), names.end(), "t-fd-s1") - names.begin();
        const auto lastBase = std::find(names.begin(), names.end(), "t-base-s3") - names.begin();
        QVERIFY(lastBase < firstLdi);
    }

    void cancelledSweepResumesWhereItStopped()
    {
        fbtest::ScratchDir scratch;
        const fs::path data = fbtest::writeDemoData(scratch.path(), 256, 128, 5);
        const fs::path ws = scratch / "ws";
        json spec = demoSpec(data, {1, 2}, 2);
        spec["arms"].erase(2); // old + base x 2: enough to stop in the middle
        const auto plan = flipbench::expandSweep(flipbench::parseSweepSpec(spec, scratch.path()), std::nullopt);

        flipbench::CancelToken cancel;
        CancellingObserver first(cancel, "t-base-s1");
        const auto stopped = flipbench::runSweep(plan, ws, first, cancel);
        QVERIFY(stopped.cancelled);
        QCOMPARE(stopped.trained, 1); // the old model
        QVERIFY(first.finished.at("t-base-s1") == flipbench::RunState::Cancelled);
        QCOMPARE(first.finished.count("t-base-s2"), size_t(0));
        QVERIFY(fs::exists(ws / "sweeps" / "t.json"));

        const auto survey = flipbench::surveySweep(plan, ws, {});
        QCOMPARE(survey.size(), size_t(3));
        QVERIFY(survey[0].step == flipbench::SweepStep::Done);
        QVERIFY(survey[1].step == flipbench::SweepStep::Resume);
        QVERIFY(survey[2].step == flipbench::SweepStep::Train);

        flipbench::CancelToken never;
        CancellingObserver second(never, "");
        const auto finished = flipbench::runSweep(plan, ws, second, never);
        QVERIFY(!finished.cancelled);
        QCOMPARE(finished.completed, 3);
        QCOMPARE(finished.trained, 2);
        QCOMPARE(second.started, std::vector<std::string>({"t-base-s1:resume", "t-base-s2:train"}));
        QCOMPARE(second.skipped.size(), size_t(1));
        QVERIFY2(fbtest::startsWith(second.skipped.front(), "t-old-s7: "), second.skipped.front().c_str());
        // The resumed run replayed no epoch: its metrics hold each epoch and step exactly once.
        const int64_t steps = 4; // 256 images in batches of 64
        QCOMPARE(fbtest::metricsProblem(ws / "t-base-s1", 2, steps), std::string());

        // A third call has nothing left to do.
        CancellingObserver third(never, "");
        const auto nothing = flipbench::runSweep(plan, ws, third, never);
        QCOMPARE(nothing.trained, 0);
        QCOMPARE(nothing.completed, 3);
        QVERIFY(third.started.empty());

        // The same names with another setting are refused before anything is written, naming it.
        json changed = spec;
        changed["base"]["train"]["lr"] = 0.2;
        const auto otherPlan = flipbench::expandSweep(flipbench::parseSweepSpec(changed, scratch.path()), std::nullopt);
        const auto refused =
            fbtest::thrownMessage<flipbench::UserError>([&] { flipbench::surveySweep(otherPlan, ws, {}); });
        QVERIFY(refused.has_value());
        QVERIFY2(fbtest::contains(*refused, "train.lr"), refused->c_str());

        // The sweep's runs form groups by their settings: the old model, and the baseline's two seeds.
        const auto groups = flipbench::groupRuns({ws / "t-old-s7", ws / "t-base-s1", ws / "t-base-s2"});
        QCOMPARE(groups.size(), size_t(2));
        QCOMPARE(groups[1].runs.size(), size_t(2));
        QCOMPARE(groups[1].seeds, std::vector<uint64_t>({1, 2}));
        QCOMPARE(groups[1].sweep, std::string("t"));
        QCOMPARE(groups[1].family, std::string("base"));
    }

    void withoutSeedSuffix()
    {
        QCOMPARE(flipbench::withoutSeedSuffix("quick-fd-s12"), std::string("quick-fd"));
        QCOMPARE(flipbench::withoutSeedSuffix("quick-fd"), std::string("quick-fd"));
        QCOMPARE(flipbench::withoutSeedSuffix("quick-fd-sx"), std::string("quick-fd-sx"));
    }

    // The flip fixture's grouped runs (flip_fixture.h, writeSeedGroupsWorkspace): old model A, a
    // baseline group {B, C}, an FD group {A, C}. B is wrong on 6 of A's right answers, C on 2 (0, 2).
    void groupTableOnKnownRuns()
    {
        fbtest::ScratchDir scratch;
        const auto ws = fbtest::writeSeedGroupsWorkspace(scratch.path());
        const fs::path old = ws.old;

        flipbench::GroupTableOptions options;
        options.old = old;
        const auto table = flipbench::buildGroupTable(ws.runs, options);
        QCOMPARE(table.old, std::string("old"));
        QCOMPARE(table.testSamples, int64_t(12));
        QCOMPARE(table.rows.size(), size_t(3));
        QCOMPARE(table.baseline, std::string("base"));

        const auto& oldRow = table.rows[0];
        QVERIFY(oldRow.isOld);
        QVERIFY(!oldRow.nfr);
        QCOMPARE(oldRow.accuracy.mean, 9.0 / 12);

        const auto& base = table.rows[1];
        QVERIFY(base.isBaseline);
        QCOMPARE(base.accuracy.n, 2);
        QCOMPARE(base.accuracy.mean, 13.0 / 24);
        QCOMPARE(base.nfr->mean, 8.0 / 24);
        QVERIFY(std::abs(base.nfr->sd - 4.0 / 12 / std::sqrt(2.0)) < 1e-12); // 6/12 and 2/12
        QVERIFY(base.nfr->interval.low < base.nfr->mean && base.nfr->mean < base.nfr->interval.high);

        // Noise floor: C against B loses B's 0, 2, 4, 9 (4/12); B against C loses C's 1, 3, 5, 6, 8,
        // 10, 11 (7/12): mean 11/24, sd |7 - 4| / 12 / sqrt(2).
        QCOMPARE(table.noiseFloor.n, 2);
        QVERIFY(std::abs(table.noiseFloor.mean - 11.0 / 24) < 1e-12);
        QVERIFY(std::abs(table.noiseFloor.sd - 3.0 / 12 / std::sqrt(2.0)) < 1e-12);

        const auto& fd = table.rows[2];
        QCOMPARE(fd.group.label, std::string("fd"));
        QCOMPARE(fd.nfr->mean, 2.0 / 24);
        QVERIFY(std::abs(fd.nfrChange->difference - (2.0 / 24 - 8.0 / 24)) < 1e-12);
        QVERIFY(std::abs(*fd.relativeNfrChange + 0.75) < 1e-12);
        QVERIFY(std::abs(fd.accuracyChange->difference - (17.0 / 24 - 13.0 / 24)) < 1e-12);
        QVERIFY2(fbtest::contains(fd.verdict, "NFR -25.00 points (-75%)"), fd.verdict.c_str());

        // No run has validation predictions: nothing is chosen, and the table says why.
        QCOMPARE(table.choices.size(), size_t(1));
        QVERIFY(table.choices[0].chosen.empty());
        QVERIFY2(fbtest::contains(table.choices[0].reason, "no validation figures"), table.choices[0].reason.c_str());
        QVERIFY(!table.notes.empty());

        // On test the choice is possible, and marked.
        options.chooseOnTest = true;
        const auto onTest = flipbench::buildGroupTable(ws.runs, options);
        QCOMPARE(onTest.choices[0].chosen, std::string("fd"));
        QVERIFY(onTest.choices[0].optimistic);
        QVERIFY(fbtest::contains(onTest.choices[0].reason, "optimistic"));
        QVERIFY(onTest.rows[2].chosen);
    }
};

QTEST_GUILESS_MAIN(TestSweeps)
#include "tst_sweeps.moc"
