// flipbench-cli end to end, through QProcess: demo data, two training runs, compare, list, errors.

#include "test_support.h"

#include "flipbench/npy.h"
#include "flipbench/run_store.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <memory>

#ifndef FLIPBENCH_CLI_PATH
#error "FLIPBENCH_CLI_PATH must name the flipbench-cli executable"
#endif

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct CliResult {
    int exitCode = -1;
    QString out, err;

    QString describe() const { return QString("exit %1\nstdout:\n%2\nstderr:\n%3").arg(exitCode).arg(out, err); }
    /// The last non-empty line of stdout.
    QString lastLine() const
    {
        const QStringList lines = out.split('\n', Qt::SkipEmptyParts);
        return lines.isEmpty() ? QString() : lines.last().trimmed();
    }
};

CliResult runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(FLIPBENCH_CLI_PATH), arguments);
    CliResult result;
    if (!process.waitForStarted(-1) || !process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit) {
        result.err = "did not run to a normal exit: " + process.errorString();
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// A config as a user writes it. data.path is a placeholder on purpose: `--data` must override it.
json cliConfig(const std::string& name, uint64_t seed, double lr)
{
    return {
        {"name", name},
        {"data", {{"path", "/nonexistent/replaced-by---data"}, {"train_limit", 2000}, {"test_limit", 500}}},
        {"model", {{"arch", "small_cnn"}}},
        {"train", {{"epochs", 2}, {"batch_size", 64}, {"lr", lr}, {"seed", seed}, {"device", "cpu"}, {"threads", 2}}}};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    QString dataDir_, workspace_;
    CliResult trainA_, trainB_;

    QString writeConfig(const std::string& name, uint64_t seed, double lr)
    {
        const fs::path file = *scratch_ / (name + ".json");
        fbtest::writeText(file, cliConfig(name, seed, lr).dump(2));
        return fbtest::toQString(file);
    }

    CliResult train(const QString& config)
    {
        return runCli({"train", config, "--workspace", workspace_, "--data", dataDir_});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(FLIPBENCH_CLI_PATH)).isExecutable(), FLIPBENCH_CLI_PATH);
        scratch_ = std::make_unique<fbtest::ScratchDir>();
        workspace_ = fbtest::toQString(*scratch_ / "workspace");
        QVERIFY(QDir().mkpath(workspace_));

        const QString demo = fbtest::toQString(*scratch_ / "demo");
        const CliResult made = runCli({"make-demo-data", demo});
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
        dataDir_ = demo + "/cifar-10-batches-bin";
        QVERIFY2(QFileInfo::exists(dataDir_ + "/test_batch.bin"), qPrintable(made.describe()));
        QVERIFY(QFileInfo::exists(dataDir_ + "/batches.meta.txt"));

        // The two runs the later tests compare: same config, seeds 1 and 2.
        trainA_ = train(writeConfig("cli-s1", 1, 0.05));
        trainB_ = train(writeConfig("cli-s2", 2, 0.05));
    }

    void trainPrintsRunFolder()
    {
        for (const CliResult* run : {&trainA_, &trainB_}) {
            QVERIFY2(run->exitCode == 0, qPrintable(run->describe()));
            const QFileInfo folder(run->lastLine());
            QVERIFY2(folder.isDir(), qPrintable(run->describe()));
            QCOMPARE(folder.absoluteDir().canonicalPath(), QDir(workspace_).canonicalPath());
            const auto status = flipbench::RunFolder::open(fbtest::toPath(folder.filePath())).readStatus();
            QCOMPARE(flipbench::toString(status.state), flipbench::toString(flipbench::RunState::Completed));
            QVERIFY(QFileInfo::exists(folder.filePath() + "/logits.npy"));
        }
        QVERIFY(trainA_.lastLine() != trainB_.lastLine());
    }

    void compareJsonMatchesOwnComputation()
    {
        QVERIFY2(trainA_.exitCode == 0 && trainB_.exitCode == 0, "training failed, see trainPrintsRunFolder");
        const QString runA = trainA_.lastLine(), runB = trainB_.lastLine();
        const CliResult compared = runCli({"compare", runA, runB, "--json"});
        QVERIFY2(compared.exitCode == 0, qPrintable(compared.describe()));

        json report;
        try {
            report = json::parse(compared.out.trimmed().toStdString());
        } catch (const json::exception& error) {
            QFAIL(qPrintable(QString("stdout is not one JSON object (%1)\n%2").arg(error.what(), compared.describe())));
        }
        QVERIFY(report.is_object());
        for (const char* key : {"acc_a", "acc_b", "nfr", "pfr", "nfi", "btc", "bec"}) {
            QVERIFY2(report.contains(key) && report.at(key).is_number(), key);
            const double value = report.at(key).get<double>();
            QVERIFY2(value >= 0.0 && value <= 1.0, qPrintable(QString("%1 = %2").arg(key).arg(value)));
        }
        const json& table = report.at("flip_table");
        const int64_t total = table.at("both_correct").get<int64_t>() + table.at("negative_flips").get<int64_t>() +
                              table.at("positive_flips").get<int64_t>() + table.at("both_wrong").get<int64_t>();
        QCOMPARE(total, int64_t(500)); // test_limit

        // The same numbers from the saved predictions: negative flip = A right and B wrong.
        const torch::Tensor labels = flipbench::readNpy(fbtest::toPath(runA + "/labels.npy"));
        QVERIFY(torch::equal(labels, flipbench::readNpy(fbtest::toPath(runB + "/labels.npy"))));
        const torch::Tensor rightA = flipbench::readNpy(fbtest::toPath(runA + "/logits.npy")).argmax(1).eq(labels);
        const torch::Tensor rightB = flipbench::readNpy(fbtest::toPath(runB + "/logits.npy")).argmax(1).eq(labels);
        const int64_t n = labels.size(0);
        const int64_t negativeFlips = rightA.logical_and(rightB.logical_not()).sum().item<int64_t>();
        const double nfr = double(negativeFlips) / double(n);
        const double accA = double(rightA.sum().item<int64_t>()) / double(n);
        QCOMPARE(table.at("negative_flips").get<int64_t>(), negativeFlips);
        QVERIFY2(report.at("nfr").get<double>() == nfr, qPrintable(QString("printed nfr %1, computed %2")
                                                                       .arg(report.at("nfr").get<double>(), 0, 'g', 17)
                                                                       .arg(nfr, 0, 'g', 17)));
        QVERIFY2(report.at("acc_a").get<double>() == accA,
                 qPrintable(QString("printed acc_a %1, computed %2")
                                .arg(report.at("acc_a").get<double>(), 0, 'g', 17)
                                .arg(accA, 0, 'g', 17)));
    }

    void listShowsBothRuns()
    {
        QVERIFY2(trainA_.exitCode == 0 && trainB_.exitCode == 0, "training failed, see trainPrintsRunFolder");
        const CliResult listed = runCli({"list", "--workspace", workspace_});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        for (const CliResult* run : {&trainA_, &trainB_}) {
            const QString name = QFileInfo(run->lastLine()).fileName();
            QVERIFY2(listed.out.contains(name), qPrintable(name + " missing from:\n" + listed.out));
        }
    }

    void badConfigExits2AndCreatesNothing()
    {
        const int64_t before = fbtest::countEntries(fbtest::toPath(workspace_));
        const CliResult bad = train(writeConfig("cli-bad", 1, -0.1));
        QVERIFY2(bad.exitCode == 2, qPrintable(bad.describe()));
        QVERIFY2(bad.err.contains("train.lr"), qPrintable(bad.describe()));
        QCOMPARE(fbtest::countEntries(fbtest::toPath(workspace_)), before);
    }

    void missingConfigFileExits2()
    {
        const CliResult missing = train(fbtest::toQString(*scratch_ / "no-such-config.json"));
        QVERIFY2(missing.exitCode == 2, qPrintable(missing.describe()));
        QVERIFY2(missing.err.contains("no-such-config.json"), qPrintable(missing.describe()));
    }

    void resumingCompletedRunExits2()
    {
        QVERIFY2(trainA_.exitCode == 0, "training failed, see trainPrintsRunFolder");
        const CliResult resumed = runCli({"resume", trainA_.lastLine()});
        QVERIFY2(resumed.exitCode == 2, qPrintable(resumed.describe()));
    }

    void usageErrorsExit2()
    {
        const CliResult unknown = runCli({"frobnicate"});
        QVERIFY2(unknown.exitCode == 2, qPrintable(unknown.describe()));
        const CliResult none = runCli({});
        QVERIFY2(none.exitCode == 2, qPrintable(none.describe()));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
