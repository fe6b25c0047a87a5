// flipbench-cli runs stopped in the middle, through QProcess: Ctrl-C cancels cleanly (status
// cancelled, checkpoint kept), SIGKILL leaves a run that lists as interrupted; both resume to a
// complete run whose metrics read as if it had never stopped.

#include "cli_test_support.h"
#include "test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <csignal>
#include <memory>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The interruption tests: 16 steps of 64 images per epoch, and enough epochs that a run cannot finish
// between its first checkpoint and the signal the test then sends (it has 3+ epochs left to train).
constexpr int kInterruptEpochs = 5;
constexpr int kInterruptTrainImages = 1000;
constexpr int kStepsPerEpoch = 16;
// Guards against a hang only; every wait below ends on a condition.
constexpr int kDeadlineMs = 120000;

bool hasStepRecordOfEpoch(const fs::path& runDir, int epoch)
{
    for (const json& record : fbtest::readJsonLines(runDir / "metrics.jsonl"))
        if (record.value("type", "") == "step" && record.value("epoch", 0) == epoch)
            return true;
    return false;
}

} // namespace

class TestCliInterrupts : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    QString dataDir_;

    /// Starts `train` in a workspace of its own and returns once the run (the only folder there) has
    /// committed its first checkpoint and logged a step of epoch 2, so a signal sent now lands in
    /// epoch 2 and leaves records that resuming must discard.
    void startRunAndWaitForCheckpoint(QProcess& process, const std::string& name, fs::path& workspace, fs::path& runDir)
    {
        json config = cliConfig(name, 3, 0.05);
        config["data"]["train_limit"] = kInterruptTrainImages;
        config["data"]["test_limit"] = 200;
        config["train"]["epochs"] = kInterruptEpochs;
        config["train"]["log_every"] = 1;
        const fs::path configFile = *scratch_ / (name + ".json");
        fbtest::writeText(configFile, config.dump(2));
        workspace = *scratch_ / ("workspace-" + name);
        fs::create_directories(workspace);

        process.start(QStringLiteral(FLIPBENCH_CLI_PATH), {"train", fbtest::toQString(configFile), "--workspace",
                                                           fbtest::toQString(workspace), "--data", dataDir_});
        QVERIFY2(process.waitForStarted(-1), qPrintable(process.errorString()));
        const auto ended = [&] { return process.state() == QProcess::NotRunning; };
        const bool ready = fbtest::waitUntil(
            [&] {
                if (ended())
                    return true;
                const auto run = fbtest::onlySubfolder(workspace);
                if (run)
                    runDir = *run;
                return run && fs::exists(*run / "checkpoint/state.json") && hasStepRecordOfEpoch(*run, 2);
            },
            kDeadlineMs);
        QVERIFY2(!ended(),
                 qPrintable("train ended before its first checkpoint:\n" + fbtest::finishedResult(process).describe()));
        QVERIFY2(ready, qPrintable(QString("no run folder with a checkpoint after %1 s in %2")
                                       .arg(kDeadlineMs / 1000)
                                       .arg(fbtest::toQString(workspace))));
    }

    /// `resume RUN` must finish the run, and the metrics must read as if it had never stopped: one
    /// epoch record per epoch and one step record per step (log_every 1), none replayed twice.
    void resumeToCompletion(const fs::path& runDir)
    {
        const CliResult resumed = runCli({"resume", fbtest::toQString(runDir)});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
        QCOMPARE(canonical(resumed.lastLine()), canonical(fbtest::toQString(runDir)));
        const json status = fbtest::readJsonFile(runDir / "status.json");
        QCOMPARE(status.value("state", ""), std::string("completed"));
        QCOMPARE(status.value("epochs_done", 0), kInterruptEpochs);
        QVERIFY(fs::exists(runDir / "logits.npy"));

        const std::string problem = fbtest::metricsProblem(runDir, kInterruptEpochs, kStepsPerEpoch);
        QVERIFY2(problem.empty(), problem.c_str());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(FLIPBENCH_CLI_PATH)).isExecutable(), FLIPBENCH_CLI_PATH);
        scratch_ = std::make_unique<fbtest::ScratchDir>();
        const QString demo = fbtest::toQString(*scratch_ / "demo");
        const CliResult made = runCli({"make-demo-data", demo});
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
        dataDir_ = demo + "/cifar-10-batches-bin";
    }

    void ctrlCCancelsCleanlyAndResumes()
    {
        QProcess process;
        fs::path workspace, runDir;
        startRunAndWaitForCheckpoint(process, "cli-ctrl-c", workspace, runDir);
        if (QTest::currentTestFailed())
            return;

        QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
        QVERIFY2(process.waitForFinished(kDeadlineMs), "still running after SIGINT");
        const CliResult cancelled = fbtest::finishedResult(process);
        QVERIFY2(cancelled.exitCode == 1, qPrintable(cancelled.describe()));
        QCOMPARE(canonical(cancelled.lastLine()), canonical(fbtest::toQString(runDir)));
        const json status = fbtest::readJsonFile(runDir / "status.json");
        QVERIFY2(status.value("state", "") == "cancelled", status.dump(2).c_str());
        const json checkpoint = fbtest::readJsonFile(runDir / "checkpoint/state.json");
        QVERIFY2(checkpoint.value("epochs_done", 0) >= 1, checkpoint.dump().c_str());
        QVERIFY(!fs::exists(runDir / "logits.npy"));

        resumeToCompletion(runDir);
    }

    void killedRunShowsInterruptedAndResumes()
    {
        QProcess process;
        fs::path workspace, runDir;
        startRunAndWaitForCheckpoint(process, "cli-killed", workspace, runDir);
        if (QTest::currentTestFailed())
            return;

        process.kill(); // SIGKILL: no handler runs, status.json is left as the process last wrote it
        QVERIFY2(process.waitForFinished(kDeadlineMs), "still running after SIGKILL");
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        QCOMPARE(fbtest::readJsonFile(runDir / "status.json").value("state", ""), std::string("running"));

        const CliResult listed = runCli({"list", "--workspace", fbtest::toQString(workspace)});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        const QString name = fbtest::toQString(runDir.filename());
        QString runLine;
        for (const QString& line : listed.out.split('\n'))
            if (line.section(' ', 0, 0, QString::SectionSkipEmpty) == name)
                runLine = line;
        QVERIFY2(runLine.section(' ', 1, 1, QString::SectionSkipEmpty) == "interrupted", qPrintable(listed.out));

        resumeToCompletion(runDir);
    }
};

QTEST_MAIN(TestCliInterrupts)
#include "tst_cli_interrupts.moc"
