// `flipbench-cli check` end to end: exit codes 0 (may ship), 1 (a rule fails) and 2 (usage or data
// error), the printed figures, --json, --junit and --workspace names, on the flip fixture's
// hand-made runs (no training; counts in tests/core/tst_update_gate.cpp and flip_fixture.h:
// A -> B has 6 negative flips in 12 samples, NFR 50%, 2 of them in class cat, accuracy -33.33 points).

#include "cli_test_support.h"
#include "flip_fixture.h"

#include <QtTest/QtTest>

namespace fs = std::filesystem;
using nlohmann::json;

class TestCheck : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    QString runA_, runB_, runC_, seedWorkspace_;

    QString writeFile(const std::string& name, const std::string& text)
    {
        fbtest::writeText(*scratch_ / name, text);
        return fbtest::toQString(*scratch_ / name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(FLIPBENCH_CLI_PATH)).isExecutable(), FLIPBENCH_CLI_PATH);
        scratch_ = std::make_unique<fbtest::ScratchDir>();
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(*scratch_ / "flip-data");
        const fs::path ws = *scratch_ / "flip-workspace";
        runA_ =
            fbtest::writeCompletedRun(ws, "runA", fbtest::plannedLogitsOf(true), data, data.test.labels, fingerprint);
        runB_ =
            fbtest::writeCompletedRun(ws, "runB", fbtest::plannedLogitsOf(false), data, data.test.labels, fingerprint);
        runC_ = fbtest::writeCompletedRun(ws, "runC", fbtest::thirdModelLogits(data.test.labels.to(torch::kInt64)),
                                          data, data.test.labels, fingerprint);
        seedWorkspace_ = fbtest::toQString(fbtest::writeSeedGroupsWorkspace(*scratch_ / "seeds").workspace);
    }

    void passingRulesExitZero()
    {
        const CliResult r = runCli(
            {"check", runA_, runB_, "--max-nfr", "50", "--max-class-nf", "cat=2", "--min-accuracy-delta", "-34"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QLatin1String("PASS  NFR at most 50.00%: 50.00% <= 50.00%")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("The update may ship")));
    }

    void aFailingRuleExitsOneWithItsFigureAndLimit()
    {
        const CliResult r = runCli({"check", runA_, runB_, "--max-nfr", "1%", "--max-class-nf", "cat=1"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QLatin1String("FAIL  NFR at most 1.00%: 50.00% > 1.00%")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("FAIL  negative flips in class cat at most 1: 2 > 1 flips")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("may not ship: 2 of 2 rules fail")));
    }

    void protectedSamplesAndJUnit()
    {
        const QString golden = writeFile("golden.txt", "# reviewed by hand\n0\n11\n4\n");
        const QString junit = fbtest::toQString(*scratch_ / "out" / "gate.xml");
        QVERIFY(QDir().mkpath(QFileInfo(junit).path()));
        const CliResult r = runCli({"check", runA_, runB_, "--protect", golden, "--junit", junit, "--max-nfr", "60"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QLatin1String("sample 11: label 3, old predicts 3")), qPrintable(r.out));
        QFile file(junit);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString xml = QString::fromUtf8(file.readAll());
        QVERIFY(xml.contains(QLatin1String("tests=\"2\" failures=\"1\"")));
        QVERIFY(xml.contains(QLatin1String("sample 11: label 3")));
    }

    void jsonVerdict()
    {
        const CliResult r = runCli({"check", runA_, runB_, "--max-nfr-upper", "100", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const json j = json::parse(r.out.toStdString());
        QCOMPARE(j["passed"].get<bool>(), true);
        QCOMPARE(j["samples"].get<int>(), 12);
        QCOMPARE(j["rules"][0]["id"].get<std::string>(), std::string("max-nfr-upper"));
        QVERIFY(j["rules"][0]["figure"].get<double>() > 50);
    }

    void ensemblesAndWorkspaceNames()
    {
        // runB,runC as the new model: their mean logits. Names resolve in --workspace.
        const QString ws = QFileInfo(runA_).path();
        const CliResult r = runCli({"check", "runA", "runB,runC", "--workspace", ws, "--max-nfr", "100"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QLatin1String("Ensemble (runB + runC)")), qPrintable(r.out));
    }

    void noiseFloorFromTheWorkspace()
    {
        // old -> base-s1 is A -> B: NFR 50%, the floor of {base-s1, base-s2} 45.83%: 4.17 points over.
        CliResult r =
            runCli({"check", "old", "base-s1", "--workspace", seedWorkspace_, "--max-nfr-over-floor", "4.17"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QLatin1String("noise floor of 45.83%")), qPrintable(r.out));
        r = runCli({"check", "old", "base-s1", "--workspace", seedWorkspace_, "--max-nfr-over-floor", "4"});
        QCOMPARE(r.exitCode, 1);
        r = runCli({"check", "old", "base-s1", "--max-nfr-over-floor", "4", "--workspace", seedWorkspace_, "--baseline",
                    "nothing"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("no group or arm \"nothing\"")), qPrintable(r.err));
    }

    void usageAndDataErrorsExitTwo()
    {
        const QString bad = writeFile("bad.txt", "3\nseven\n");
        const QString far = writeFile("far.txt", "12\n");
        const QList<std::pair<QStringList, QString>> cases = {
            {{"check", runA_, runB_}, QStringLiteral("needs at least one rule")},
            {{"check", runA_, runB_, "--max-nfr", "abc"}, QStringLiteral("takes a percentage")},
            {{"check", runA_, runB_, "--max-nfr", "150"}, QStringLiteral("between 0 and 100")},
            {{"check", runA_, runB_, "--max-nfr", "nan"}, QStringLiteral("takes a percentage")},
            {{"check", runA_, runB_, "--max-class-nf", "cat"}, QStringLiteral("CLASS=K")},
            {{"check", runA_, runB_, "--max-class-nf", "dragon=1"}, QStringLiteral("no such class")},
            {{"check", runA_, runB_, "--protect", bad}, QStringLiteral("bad.txt:2: \"seven\"")},
            {{"check", runA_, runB_, "--protect", far}, QStringLiteral("outside the test set")},
            {{"check", runA_, runB_, "--max-nfr-over-floor", "1"}, QStringLiteral("give --workspace")},
            {{"check", runA_, "/nonexistent/run", "--max-nfr", "1"}, QStringLiteral("/nonexistent/run")},
            {{"check", runA_, "--max-nfr", "1"}, QStringLiteral("OLD NEW")},
        };
        for (const auto& [arguments, message] : cases) {
            const CliResult r = runCli(arguments);
            QVERIFY2(r.exitCode == 2, qPrintable(arguments.join(' ') + "\n" + r.describe()));
            QVERIFY2(r.err.contains(message), qPrintable(arguments.join(' ') + "\n" + r.describe()));
        }
    }
};

QTEST_GUILESS_MAIN(TestCheck)
#include "tst_check.moc"
