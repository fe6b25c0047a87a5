// The update gate (flipbench/gate): every rule passing and failing on the flip fixture, whose flips
// are counted by hand (tests/support/flip_fixture.h). A (old) against B (new), 12 test samples:
//   labels       0:airplane 1:cat 2:frog 3:truck 4:bird 5:dog 6:ship 7:automobile 8:deer 9:horse
//                10:airplane 11:cat   (label of sample k is 3k mod 10)
//   both correct 0 2 7; negative flips 1 3 5 8 10 11; positive flips 4 9; both wrong 6
// so NFR = 6/12 = 50%, accuracy A = 9/12 = 75%, B = 5/12, change -33.33 points; negative flips per
// class: cat 2 of 2, airplane 1 of 2, truck, dog and deer 1 of 1 each.

#include "flip_fixture.h"
#include "test_support.h"

#include "flipbench/compare/model_comparison.h"
#include "flipbench/gate/gate_report.h"
#include "flipbench/gate/protected_samples.h"
#include "flipbench/gate/update_gate.h"
#include "flipbench/statistics/rate_statistics.h"
#include "flipbench/util/errors.h"

#include <QXmlStreamReader>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

using namespace flipbench;

namespace {

std::vector<float> toVector(const torch::Tensor& t)
{
    const torch::Tensor c = t.contiguous().to(torch::kFloat32);
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

/// A against B on the fixture's 12 samples, with CIFAR-10's class names.
ModelComparison fixtureComparison()
{
    std::vector<int64_t> labels;
    for (const fbtest::PlannedOutcome& o : fbtest::plannedOutcomes())
        labels.push_back(o.label);
    return comparisonFromLogits(toVector(fbtest::plannedLogitsOf(true)), toVector(fbtest::plannedLogitsOf(false)),
                                labels, fbtest::kFlipClasses, fbtest::cifarClassNames());
}

RuleResult onlyRule(const GateRules& rules, const std::optional<GateNoiseFloor>& floor = std::nullopt)
{
    const GateVerdict v = evaluateGate(fixtureComparison(), rules, floor);
    if (v.rules.size() != 1)
        throw std::logic_error("expected one rule result");
    return v.rules.front();
}

} // namespace

class TestUpdateGate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtureIsAsCounted()
    {
        const ModelComparison c = fixtureComparison();
        QCOMPARE(c.report.table.negativeFlips, int64_t(6));
        QCOMPARE(c.report.nfr, 0.5);
        QCOMPARE(c.classNames.at(3), std::string("cat"));
    }

    void maxNfrPassesAtItsLimitAndFailsBelow()
    {
        GateRules rules;
        rules.maxNfr = 0.50; // exactly the NFR: "at most" holds
        RuleResult r = onlyRule(rules);
        QVERIFY(r.passed);
        QCOMPARE(r.figure, 50.0);
        rules.maxNfr = 0.499;
        r = onlyRule(rules);
        QVERIFY(!r.passed);
        QCOMPARE(r.limit, 49.9);
        QVERIFY(fbtest::contains(r.detail, "6 negative flips in 12 test samples"));
    }

    void classLimitsByNameIndexRateAndEveryClass()
    {
        GateRules rules;
        rules.classLimits = {{"cat", 2, false}};
        QVERIFY(onlyRule(rules).passed);
        rules.classLimits = {{"3", 1, false}}; // cat by index: 2 flips > 1
        RuleResult r = onlyRule(rules);
        QVERIFY(!r.passed);
        QCOMPARE(r.figure, 2.0);
        QVERIFY(fbtest::contains(r.detail, "2 of the 2 test samples of cat"));
        rules.classLimits = {{"airplane", 0.5, true}}; // 1 of 2
        QVERIFY(onlyRule(rules).passed);
        rules.classLimits = {{"airplane", 0.49, true}};
        r = onlyRule(rules);
        QVERIFY(!r.passed);
        QCOMPARE(r.figure, 50.0);
        rules.classLimits = {{"frog", 0, false}}; // sample 2 stays right: no flip in frog
        QVERIFY(onlyRule(rules).passed);
        rules.classLimits = {{"*", 1, false}}; // every class: cat's 2 flips are the worst
        r = onlyRule(rules);
        QVERIFY(!r.passed);
        QVERIFY(fbtest::contains(r.detail, "of cat"));
        rules.classLimits = {{"dragon", 1, false}};
        const auto message = fbtest::thrownMessage<UserError>([&] { onlyRule(rules); });
        QVERIFY(message && fbtest::contains(*message, "airplane, automobile"));
    }

    void minAccuracyDeltaIsALowerBound()
    {
        GateRules rules;
        rules.minAccuracyDelta = -0.3334; // -33.33 points >= -33.34
        RuleResult r = onlyRule(rules);
        QVERIFY(r.passed);
        QVERIFY(std::abs(r.figure - (-100.0 / 3)) < 1e-9);
        rules.minAccuracyDelta = -0.3333;
        QVERIFY(!onlyRule(rules).passed);
        rules.minAccuracyDelta = 0; // "no worse than the old model"
        QVERIFY(!onlyRule(rules).passed);
    }

    void maxNfrUpperUsesTheIntervalOfNfr()
    {
        GateRules rules;
        rules.maxNfrUpper = 1.0;
        const RuleResult r = onlyRule(rules);
        QVERIFY(r.passed);
        // 6 flips in 12: the upper end lies well above the NFR of 50% (a bootstrap over samples).
        SampleIndicators negative = {0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1};
        QCOMPARE(r.figure, estimateRate({negative}).interval.high * 100);
        QVERIFY(r.figure > 60 && r.figure < 100);
        rules.maxNfrUpper = 0.55; // the NFR itself is below, its interval is not
        QVERIFY(!onlyRule(rules).passed);
    }

    void protectedSamplesFailOnNegativeFlipsOnly()
    {
        GateRules rules;
        rules.protectedSamples = std::vector<int64_t>{0, 1, 4, 6, 11}; // 1 and 11 flip; 4 improves; 6 both wrong
        rules.protectedFile = "golden.txt";
        RuleResult r = onlyRule(rules);
        QVERIFY(!r.passed);
        QCOMPARE(r.protectedFlips.size(), size_t(2));
        QCOMPARE(r.protectedFlips[0].index, int64_t(1));
        QCOMPARE(r.protectedFlips[0].label, 3);
        QCOMPARE(r.protectedFlips[0].predOld, 3);
        QVERIFY(r.protectedFlips[0].predNew != 3);
        QCOMPARE(r.protectedFlips[1].index, int64_t(11));
        rules.protectedSamples = std::vector<int64_t>{0, 2, 4, 6, 7, 9};
        QVERIFY(onlyRule(rules).passed);
        rules.protectedSamples = std::vector<int64_t>{}; // an empty list protects nothing, and passes
        QVERIFY(onlyRule(rules).passed);
        rules.protectedSamples = std::vector<int64_t>{12};
        const auto message = fbtest::thrownMessage<DataError>([&] { onlyRule(rules); });
        QVERIFY(message && fbtest::contains(*message, "golden.txt: sample index 12 is outside the test set (12"));
    }

    void noiseFloorOfTheBaselineGroup()
    {
        // writeSeedGroupsWorkspace: old = A, baseline seeds base-s1 = B and base-s2 = C. B is right
        // on 0 2 4 7 9, C on 1 3 5 6 7 8 10 11: C loses 0 2 4 9 of B's (4/12), B loses 1 3 5 6 8
        // 10 11 of C's (7/12); the floor is their mean, 11/24 = 45.83%.
        fbtest::ScratchDir scratch;
        const auto ws = fbtest::writeSeedGroupsWorkspace(scratch.path());
        const GateNoiseFloor floor = baselineNoiseFloor(ws.runs, "", ws.old);
        QCOMPARE(floor.nfr.n, 2);
        QVERIFY(std::abs(floor.nfr.mean - 11.0 / 24) < 1e-12);
        // A -> B has NFR 50%: 4.17 points over the floor.
        GateRules rules;
        rules.maxNfrOverFloor = 0.0417;
        RuleResult r = onlyRule(rules, floor);
        QVERIFY(r.passed);
        QVERIFY(std::abs(r.figure - 100.0 / 24) < 1e-9);
        rules.maxNfrOverFloor = 0.0416;
        QVERIFY(!onlyRule(rules, floor).passed);
        QVERIFY(fbtest::thrownMessage<UserError>([&] { onlyRule(rules); })); // no floor given
        const auto missing = fbtest::thrownMessage<UserError>([&] { baselineNoiseFloor(ws.runs, "nothing", ws.old); });
        QVERIFY(missing && fbtest::contains(*missing, "no group or arm \"nothing\""));
    }

    void verdictPassesOnlyWhenEveryRuleDoes()
    {
        GateRules rules;
        rules.maxNfr = 0.6;
        rules.classLimits = {{"cat", 2, false}};
        GateVerdict v = evaluateGate(fixtureComparison(), rules);
        QVERIFY(v.passed());
        rules.minAccuracyDelta = 0;
        v = evaluateGate(fixtureComparison(), rules);
        QVERIFY(!v.passed());
        QCOMPARE(v.failures(), 1);
        QCOMPARE(v.rules.size(), size_t(3));
        const nlohmann::json json = gateVerdictJson(v);
        QCOMPARE(json["passed"].get<bool>(), false);
        QCOMPARE(json["rules"].size(), size_t(3));
        QCOMPARE(json["rules"][2]["id"].get<std::string>(), std::string("min-accuracy-delta"));
        const auto lines = describeGateVerdict(v);
        QVERIFY(fbtest::contains(lines.back(), "may not ship: 1 of 3 rules fail"));
    }

    void junitHasOneTestCasePerRule()
    {
        GateRules rules;
        rules.maxNfr = 0.6;
        rules.protectedSamples = std::vector<int64_t>{1, 11};
        rules.protectedFile = "golden <list>.txt"; // escaped in the XML
        const GateVerdict v = evaluateGate(fixtureComparison(), rules);
        QXmlStreamReader xml(QString::fromStdString(gateJUnitXml(v)));
        int cases = 0, failures = 0;
        QString failureText, suiteFailures;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("testsuite"))
                suiteFailures = xml.attributes().value(QLatin1String("failures")).toString();
            if (xml.name() == QLatin1String("testcase"))
                ++cases;
            if (xml.name() == QLatin1String("failure")) {
                ++failures;
                failureText = xml.readElementText();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(cases, 2);
        QCOMPARE(failures, 1);
        QCOMPARE(suiteFailures, QStringLiteral("1"));
        QVERIFY(failureText.contains(QLatin1String("sample 1: label 3")));
        QVERIFY(failureText.contains(QLatin1String("sample 11: label 3")));
    }

    void protectedSampleFiles()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "golden.txt";
        fbtest::writeText(file, "# samples the product team reviewed\n17\n\n  3  # a cat on a sofa\n17\r\n0\n");
        QCOMPARE(readProtectedSamples(file), (std::vector<int64_t>{17, 3, 0}));
        fbtest::writeText(file, "17\n3a\n");
        auto message = fbtest::thrownMessage<DataError>([&] { readProtectedSamples(file); });
        QVERIFY(message && fbtest::contains(*message, "golden.txt:2: \"3a\" is not a test-sample index"));
        fbtest::writeText(file, "-4\n");
        QVERIFY(fbtest::thrownMessage<DataError>([&] { readProtectedSamples(file); }));
        fbtest::writeText(file, "99999999999999999999999\n"); // beyond int64: refused, not wrapped
        QVERIFY(fbtest::thrownMessage<DataError>([&] { readProtectedSamples(file); }));
        message = fbtest::thrownMessage<DataError>([&] { readProtectedSamples(scratch / "missing.txt"); });
        QVERIFY(message && fbtest::contains(*message, "missing.txt: no such file"));
    }
};

QTEST_GUILESS_MAIN(TestUpdateGate)
#include "tst_update_gate.moc"
