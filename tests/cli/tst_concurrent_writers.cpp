// Many writers, one workspace: 8 flipbench-cli processes at once create a run of the same name,
// train it (tiny demo runs) and list the workspace, round after round, while this test lists it
// too. Every run must end complete and listed, no two processes may get the same folder, and no
// file may be torn (every JSON parses, every .npy and weights file loads, no temporary is left).
// FLIPBENCH_WRITERS_ROUNDS sets the rounds (2 by default; the README's figure is from 20).

#include "cli_test_support.h"
#include "test_support.h"

#include <flipbench/pytorch/npy.h>
#include <flipbench/runs/run_summary.h>

#include <QProcess>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/serialize.h>

#include <memory>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kWriters = 8;
constexpr int kDeadlineMs = 600000; // a guard against a hang, not a timing assumption

int rounds()
{
    const int fromEnvironment = qEnvironmentVariableIntValue("FLIPBENCH_WRITERS_ROUNDS");
    return fromEnvironment > 0 ? fromEnvironment : 2;
}

/// What is torn or left over in a run folder; "" when every file reads.
std::string tornFileIn(const fs::path& runDir)
{
    for (const auto& entry : fs::recursive_directory_iterator(runDir)) {
        if (!entry.is_regular_file())
            continue;
        const fs::path& file = entry.path();
        const std::string name = file.filename().string();
        try {
            if (name.find(".tmp") != std::string::npos)
                return file.string() + " is a temporary left behind";
            if (file.extension() == ".json")
                fbtest::readJsonFile(file);
            else if (file.extension() == ".jsonl") {
                int bad = 0;
                fbtest::readJsonLines(file, &bad);
                if (bad > 0)
                    return file.string() + " has " + std::to_string(bad) + " torn line(s)";
            } else if (file.extension() == ".npy")
                flipbench::readNpy(file);
            else if (file.extension() == ".pt") {
                torch::serialize::InputArchive archive;
                archive.load_from(file.string());
            }
        } catch (const std::exception& e) {
            return file.string() + " does not read: " + e.what();
        }
    }
    return "";
}

std::string textOf(const std::string& file)
{
    const std::vector<uint8_t> bytes = fbtest::readBytes(file);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace

class TestConcurrentWriters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eightWritersOneWorkspace()
    {
        fbtest::ScratchDir scratch;
        const fs::path data = fbtest::writeDemoData(scratch.path(), 300, 100, 5);
        json config = cliConfig("w", 1, 0.05);
        config["data"] = {{"path", data.string()}, {"train_limit", 300}, {"test_limit", 100}, {"val_size", 50}};
        config["train"]["epochs"] = 2;
        config["train"]["batch_size"] = 50;
        config["train"]["threads"] = 1;
        config["train"]["log_every"] = 1;
        const fs::path configFile = scratch / "w.json";
        fbtest::writeText(configFile, config.dump(2));
        const fs::path workspace = scratch / "workspace";
        fs::create_directories(workspace);

        std::set<std::string> folders;
        int listingsDuring = 0;
        for (int round = 1; round <= rounds(); ++round) {
            std::vector<std::unique_ptr<QProcess>> writers;
            for (int w = 0; w < kWriters; ++w) {
                const std::string out = (scratch / ("writer-" + std::to_string(w))).string();
                const QString script =
                    QStringLiteral("\"$0\" train \"$1\" --workspace \"$2\" >\"$3.train\" 2>\"$3.err\" && "
                                   "\"$0\" list --workspace \"$2\" >\"$3.list\" 2>>\"$3.err\"");
                auto process = std::make_unique<QProcess>();
                process->start(QStringLiteral("bash"),
                               {QStringLiteral("-c"), script, QStringLiteral(FLIPBENCH_CLI_PATH),
                                fbtest::toQString(configFile), fbtest::toQString(workspace),
                                QString::fromStdString(out)});
                writers.push_back(std::move(process));
            }
            // List while they write: every run listed must read (a folder being created is skipped or
            // listed as queued, never as damaged).
            std::string damaged;
            const bool finished = fbtest::waitUntil(
                [&] {
                    for (const flipbench::RunSummary& run : flipbench::listRuns(workspace))
                        if (run.unreadable && damaged.empty())
                            damaged = run.name + ": " + run.status.message;
                    ++listingsDuring;
                    for (const auto& process : writers)
                        if (process->state() != QProcess::NotRunning)
                            return false;
                    return true;
                },
                kDeadlineMs);
            QVERIFY2(finished, "the writers did not finish");
            QVERIFY2(damaged.empty(), ("listed as damaged while writers wrote: " + damaged).c_str());
            for (int w = 0; w < kWriters; ++w) {
                const std::string out = (scratch / ("writer-" + std::to_string(w))).string();
                QVERIFY2(writers[size_t(w)]->exitStatus() == QProcess::NormalExit &&
                             writers[size_t(w)]->exitCode() == 0,
                         ("round " + std::to_string(round) + " writer " + std::to_string(w) +
                          " failed: " + textOf(out + ".err"))
                             .c_str());
                std::string trained;
                for (const auto& line : QString::fromStdString(textOf(out + ".train")).split('\n', Qt::SkipEmptyParts))
                    trained = line.trimmed().toStdString();
                QVERIFY2(!trained.empty(), "a writer printed no run folder");
                QVERIFY2(folders.insert(fs::path(trained).filename().string()).second,
                         ("two processes trained the same folder " + trained).c_str());
                QVERIFY2(fbtest::contains(textOf(out + ".list"), fs::path(trained).filename().string()),
                         ("writer " + std::to_string(w) + "'s list does not show its own run").c_str());
            }
        }

        const std::vector<flipbench::RunSummary> runs = flipbench::listRuns(workspace);
        QCOMPARE(int(runs.size()), kWriters * rounds());
        for (const flipbench::RunSummary& run : runs) {
            QVERIFY2(folders.count(run.name), ("a run no writer reported: " + run.name).c_str());
            QVERIFY2(run.status.state == flipbench::RunState::Completed,
                     (run.name + " is " + flipbench::toString(run.status.state) + ": " + run.status.message).c_str());
            const std::string torn = tornFileIn(run.dir);
            QVERIFY2(torn.empty(), torn.c_str());
        }
        for (const auto& entry : fs::directory_iterator(workspace))
            QVERIFY2(entry.path().filename().string().find(".tmp") == std::string::npos,
                     ("a temporary left in the workspace: " + entry.path().string()).c_str());
        qInfo("%d rounds of %d writers: %zu runs, all complete and listed, no folder shared, no torn file; "
              "%d listings during the writes",
              rounds(), kWriters, runs.size(), listingsDuring);
    }
};

QTEST_GUILESS_MAIN(TestConcurrentWriters)
#include "tst_concurrent_writers.moc"
