// flipbench-cli end to end, through QProcess: demo data, two training runs, compare, list, pairwise,
// errors, the seed notebook's dictionaries and the optional parts (runs stopped by Ctrl-C or killed
// outright are in tst_cli_interrupts).

#include "flip_fixture.h"
#include "cli_test_support.h"
#include "test_support.h"

#include "flipbench/compare/model_comparison.h"
#include "flipbench/compare/pairwise_comparison.h"
#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/runs/run_store.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <tuple>
#include <torch/torch.h>

#include <map>
#include <memory>

#ifndef FLIPBENCH_CLI_PATH
#error "FLIPBENCH_CLI_PATH must name the flipbench-cli executable"
#endif
#if !defined(FLIPBENCH_HAS_DOWNLOAD) || !defined(FLIPBENCH_HAS_IMAGE_FOLDERS)
#error "tst_cli links flipbench_parts (FLIPBENCH_HAS_DOWNLOAD, FLIPBENCH_HAS_IMAGE_FOLDERS)"
#endif

namespace fs = std::filesystem;
using nlohmann::json;

class TestCli : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    QString dataDir_, workspace_;
    CliResult trainA_, trainB_;
    // The flip fixture's hand-made runs (no training): every count of A vs B is known by hand.
    QString flipWorkspace_, flipA_, flipB_, flipC_;
    torch::Tensor flipLabels_;

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

        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(*scratch_ / "flip-data");
        const fs::path flipWs = *scratch_ / "flip-workspace";
        flipWorkspace_ = fbtest::toQString(flipWs);
        flipLabels_ = data.test.labels.to(torch::kInt64);
        flipA_ = fbtest::writeCompletedRun(flipWs, "runA", fbtest::plannedLogitsOf(true), data, data.test.labels,
                                           fingerprint);
        flipB_ = fbtest::writeCompletedRun(flipWs, "runB", fbtest::plannedLogitsOf(false), data, data.test.labels,
                                           fingerprint);
        flipC_ = fbtest::writeCompletedRun(flipWs, "runC", fbtest::thirdModelLogits(flipLabels_), data,
                                           data.test.labels, fingerprint);

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

    void listShowsMethodReferenceAndNfr()
    {
        QVERIFY2(trainA_.exitCode == 0 && trainB_.exitCode == 0, "training failed, see trainPrintsRunFolder");
        // Hand-made runs trained against cli-s1 (alone, then in an ensemble with cli-s2), last epoch logged.
        const fs::path ws = *scratch_ / "workspace-list";
        const auto writeRun = [&](const std::string& name, const std::string& method, const json& references) {
            const auto run = flipbench::RunFolder::create(ws, name);
            flipbench::RunStatus status;
            status.state = flipbench::RunState::Completed;
            status.epochs = status.epochsDone = 2;
            run.writeStatus(status);
            run.writeJson("config.json", {{"name", name},
                                          {"model", {{"arch", "small_cnn"}}},
                                          {"method", {{"name", method}, {"reference", references}}}});
            for (const auto& [epoch, accuracy, nfr] : {std::tuple{1, 0.25, 0.5}, std::tuple{2, 0.625, 0.0125}}) {
                flipbench::EpochRecord record;
                record.epoch = epoch;
                record.testAccuracy = accuracy;
                record.testNfr = nfr;
                run.appendMetrics(record);
            }
        };
        writeRun("fd-run", "fd", json::array({trainA_.lastLine().toStdString()}));
        writeRun("ensemble-run", "ldi",
                 json::array({trainA_.lastLine().toStdString(), trainB_.lastLine().toStdString()}));

        const CliResult listed = runCli({"list", "--workspace", fbtest::toQString(ws)});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        const QString nameA = QFileInfo(trainA_.lastLine()).fileName(),
                      nameB = QFileInfo(trainB_.lastLine()).fileName();
        QMap<QString, QStringList> columns; // run name -> its line's fields
        for (const QString& line : listed.out.split('\n'))
            if (!line.isEmpty() && !line.startsWith(' '))
                columns.insert(line.section(' ', 0, 0, QString::SectionSkipEmpty), line.simplified().split(' '));
        QVERIFY2(columns.value("NAME").mid(0, 4) == (QStringList{"NAME", "STATUS", "METHOD", "REFERENCE"}),
                 qPrintable(listed.out));
        // NAME STATUS METHOD REFERENCE MODEL EPOCHS TEST-ACC TEST-NFR CREATED: the last epoch's numbers.
        QCOMPARE(columns.value("fd-run").mid(0, 8),
                 (QStringList{"fd-run", "completed", "FD", nameA, "small_cnn", "2/2", "62.50%", "1.25%"}));
        QCOMPARE(columns.value("ensemble-run").mid(2, 2), (QStringList{"ELODI", nameA + "," + nameB}));

        // A baseline has no reference and no NFR.
        const CliResult main = runCli({"list", "--workspace", workspace_});
        for (const QString& line : main.out.split('\n'))
            if (line.startsWith(nameA + ' '))
                QCOMPARE(line.simplified().split(' ').mid(2, 2), (QStringList{"Baseline", "-"}));
    }

    void compareTakesRunNamesInAWorkspace()
    {
        QVERIFY2(trainA_.exitCode == 0 && trainB_.exitCode == 0, "training failed, see trainPrintsRunFolder");
        const QString nameA = QFileInfo(trainA_.lastLine()).fileName(),
                      nameB = QFileInfo(trainB_.lastLine()).fileName();
        const CliResult byPath = runCli({"compare", trainA_.lastLine(), trainB_.lastLine(), "--json"});
        const CliResult byName = runCli({"compare", "--workspace", workspace_, nameA, nameB, "--json"});
        QVERIFY2(byPath.exitCode == 0, qPrintable(byPath.describe()));
        QVERIFY2(byName.exitCode == 0, qPrintable(byName.describe()));
        const json a = json::parse(byPath.out.trimmed().toStdString());
        const json b = json::parse(byName.out.trimmed().toStdString());
        QCOMPARE(b.at("nfr").get<double>(), a.at("nfr").get<double>());
        QCOMPARE(canonical(QString::fromStdString(b.at("run_a").get<std::string>())), canonical(trainA_.lastLine()));
        QCOMPARE(canonical(QString::fromStdString(b.at("run_b").get<std::string>())), canonical(trainB_.lastLine()));

        const CliResult unknown = runCli({"compare", "--workspace", workspace_, nameA, "no-such-run"});
        QVERIFY2(unknown.exitCode == 2, qPrintable(unknown.describe()));
        QVERIFY2(unknown.err.contains("no-such-run") && unknown.err.contains("list --workspace"),
                 qPrintable(unknown.describe()));
    }

    void compareAnEnsembleAsTheGuiDoes()
    {
        // A = the ensemble of runA and runC (comma-joined names), B = runB.
        const CliResult compared = runCli({"compare", "runA,runC", "runB", "--workspace", flipWorkspace_, "--json"});
        QVERIFY2(compared.exitCode == 0, qPrintable(compared.describe()));
        const json printed = json::parse(compared.out.trimmed().toStdString());
        QCOMPARE(printed.at("name_a").get<std::string>(), std::string("Ensemble (runA + runC)"));
        QCOMPARE(printed.at("ensemble_a").size(), size_t(2));

        // The GUI's value: ui::computeComparison(ensembleKey) is this core call with the members sorted.
        const flipbench::ModelComparison gui = flipbench::compareModelSources(
            flipbench::ModelSource::ensembleOf({fbtest::toPath(flipA_), fbtest::toPath(flipC_)}),
            flipbench::ModelSource::single(fbtest::toPath(flipB_)));
        // And independently, with plain LibTorch: the mean of the members' logits against B.
        const flipbench::FlipReport independent = flipbench::compareLogits(
            flipbench::ensembleLogits({fbtest::plannedLogitsOf(true), fbtest::thirdModelLogits(flipLabels_)}),
            fbtest::plannedLogitsOf(false), flipLabels_);
        const std::vector<std::pair<const char*, double>> rates = {
            {"acc_a", gui.report.accA}, {"acc_b", gui.report.accB}, {"nfr", gui.report.nfr}, {"pfr", gui.report.pfr},
            {"nfi", gui.report.nfi},    {"btc", gui.report.btc},    {"bec", gui.report.bec}};
        for (const auto& [key, value] : rates)
            QVERIFY2(printed.at(key).get<double>() == value, key); // exact: the same function
        QCOMPARE(gui.report.nfr, independent.nfr);
        QCOMPARE(gui.report.accA, independent.accA);
        QCOMPARE(printed.at("flip_table").at("negative_flips").get<int64_t>(), independent.table.negativeFlips);
        QCOMPARE(printed.at("acc_b").get<double>(), 5.0 / 12); // runB is right on 0, 2, 4, 7, 9

        // A member that is not there, or an empty one, is named in the error.
        const CliResult missing = runCli({"compare", "runA,nosuch", "runB", "--workspace", flipWorkspace_});
        QVERIFY2(missing.exitCode == 2 && missing.err.contains("nosuch"), qPrintable(missing.describe()));
        const CliResult empty = runCli({"compare", "runA,", "runB", "--workspace", flipWorkspace_});
        QVERIFY2(empty.exitCode == 2 && empty.err.contains("empty run name"), qPrintable(empty.describe()));
    }

    void compareSamplesListsEveryOutcome()
    {
        // The fixture: both correct 0, 2, 7; negative flips 1, 3, 5, 8, 10, 11; positive 4, 9; both wrong 6.
        const std::vector<std::string> outcome = {"both_correct",  "negative_flip", "both_correct",  "negative_flip",
                                                  "positive_flip", "negative_flip", "both_wrong",    "both_correct",
                                                  "negative_flip", "positive_flip", "negative_flip", "negative_flip"};
        const auto& plan = fbtest::plannedOutcomes();

        const CliResult csv = runCli({"compare", flipA_, flipB_, "--samples"});
        QVERIFY2(csv.exitCode == 0, qPrintable(csv.describe()));
        const QStringList lines = csv.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 13);
        QCOMPARE(lines[0], QStringLiteral("index,label,pred_a,pred_b,p_true_a,p_true_b,outcome"));
        for (int i = 0; i < 12; ++i) {
            const QStringList cells = lines[i + 1].split(',');
            QCOMPARE(cells.size(), 7);
            QCOMPARE(cells[0].toInt(), i);
            QCOMPARE(cells[1].toInt(), plan[size_t(i)].label);
            QCOMPARE(cells[2].toInt(), plan[size_t(i)].predA);
            QCOMPARE(cells[3].toInt(), plan[size_t(i)].predB);
            QVERIFY(std::abs(cells[4].toDouble() - plan[size_t(i)].pTrueA) < 1e-5);
            QVERIFY(std::abs(cells[5].toDouble() - plan[size_t(i)].pTrueB) < 1e-5);
            QCOMPARE(cells[6].toStdString(), outcome[size_t(i)]);
        }

        // JSON lines: the same rows, p(true) exactly as the GUI's gallery holds them.
        const flipbench::ModelComparison gui =
            flipbench::compareModelSources(flipbench::ModelSource::single(fbtest::toPath(flipA_)),
                                           flipbench::ModelSource::single(fbtest::toPath(flipB_)));
        const CliResult jsonLines = runCli({"compare", flipA_, flipB_, "--samples", "--json"});
        QVERIFY2(jsonLines.exitCode == 0, qPrintable(jsonLines.describe()));
        const QStringList rows = jsonLines.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 12);
        for (int i = 0; i < 12; ++i) {
            const json row = json::parse(rows[i].toStdString());
            QCOMPARE(row.at("index").get<int>(), i);
            QCOMPARE(row.at("outcome").get<std::string>(), outcome[size_t(i)]);
            QCOMPARE(row.at("p_true_a").get<double>(), double(gui.samples[size_t(i)].pTrueA));
            QCOMPARE(row.at("p_true_b").get<double>(), double(gui.samples[size_t(i)].pTrueB));
        }
    }

    void pairwisePrintsTheAllRunsMatrix()
    {
        const CliResult printed = runCli({"pairwise", "runA", "runB", "runC", "--workspace", flipWorkspace_, "--json"});
        QVERIFY2(printed.exitCode == 0, qPrintable(printed.describe()));
        const json j = json::parse(printed.out.trimmed().toStdString());
        const json& nfr = j.at("nfr");
        QCOMPARE(nfr.size(), size_t(3));
        QCOMPARE(nfr[0][1].get<double>(), 6.0 / 12); // 6 negative flips of 12
        QCOMPARE(nfr[1][0].get<double>(), 2.0 / 12); // B -> A: A's positive flips 4 and 9
        QCOMPARE(nfr[0][2].get<double>(), 2.0 / 12); // C breaks samples 0 and 2
        QCOMPARE(nfr[2][1].get<double>(), 7.0 / 12);
        QCOMPARE(nfr[1][1].get<double>(), 0.0);
        const std::vector<double> accuracy = {9.0 / 12, 5.0 / 12, 8.0 / 12};
        for (size_t i = 0; i < 3; ++i)
            QCOMPARE(j.at("runs")[i].at("accuracy").get<double>(), accuracy[i]);
        QCOMPARE(j.at("runs")[2].at("name").get<std::string>(), std::string("runC"));

        // The GUI's All runs tab calls the same function: equal to the last bit.
        const flipbench::PairwiseComparison gui =
            flipbench::comparePairwise({flipbench::ModelSource::single(fbtest::toPath(flipA_)),
                                        flipbench::ModelSource::single(fbtest::toPath(flipB_)),
                                        flipbench::ModelSource::single(fbtest::toPath(flipC_))});
        QCOMPARE(nfr.get<std::vector<std::vector<double>>>(), gui.nfr);

        const CliResult csv = runCli({"pairwise", flipA_, flipB_, flipC_, "--csv"});
        QVERIFY2(csv.exitCode == 0, qPrintable(csv.describe()));
        const QStringList lines = csv.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QStringLiteral("old,accuracy,runA,runB,runC"));
        QCOMPARE(lines[1].split(',')[3].toDouble(), 0.5);

        // Against runA, runC is more accurate than runB and breaks fewer samples: the only one on the front.
        const CliResult human = runCli({"pairwise", flipA_, flipB_, flipC_});
        QVERIFY2(human.exitCode == 0, qPrintable(human.describe()));
        QVERIFY2(human.out.contains("Pareto front against runA (higher accuracy, fewer negative flips): runC\n"),
                 qPrintable(human.describe()));

        const CliResult one = runCli({"pairwise", flipA_});
        QVERIFY2(one.exitCode == 2, qPrintable(one.describe()));
        const CliResult both = runCli({"pairwise", flipA_, flipB_, "--json", "--csv"});
        QVERIFY2(both.exitCode == 2 && both.err.contains("choose one"), qPrintable(both.describe()));
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

    void notebookDictionariesRunAsPasted()
    {
        // The seed notebook's four dictionaries (tests/data/notebook), key for key; only "epochs" is
        // shortened to 1, and the data is tiny, so resnet18 trains in seconds. The FD and LDI jobs name
        // the old model by the reference's S3 name, best_model_resnet18_seed_114514.pth.tar
        // (train.py:1067), which must resolve to the baseline trained from baseline-old.json.
        const fs::path tiny = *scratch_ / "notebook-demo";
        const CliResult made = runCli({"make-demo-data", fbtest::toQString(tiny), "--train", "256", "--test", "128"});
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
        const QString data = fbtest::toQString(tiny / "cifar-10-batches-bin");
        const QString workspace = fbtest::toQString(*scratch_ / "notebook-workspace");
        std::map<std::string, QString> folders;
        for (const char* job : {"baseline-old", "baseline-new", "fd", "ldi"}) {
            json dictionary =
                fbtest::readJsonFile(fs::path(FLIPBENCH_TEST_DATA) / "notebook" / (std::string(job) + ".json"));
            dictionary["epochs"] = 1;
            const fs::path file = *scratch_ / ("notebook-" + std::string(job) + ".json");
            fbtest::writeText(file, dictionary.dump(2));
            const CliResult run = runCli(
                {"train", "--hyperparameters", fbtest::toQString(file), "--workspace", workspace, "--data", data});
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            folders[job] = run.lastLine();
            const json status = fbtest::readJsonFile(fbtest::toPath(run.lastLine()) / "status.json");
            QCOMPARE(status.value("state", ""), std::string("completed"));
            if (std::string(job) == "fd" || std::string(job) == "ldi")
                QVERIFY2(run.err.contains("best_model_resnet18_seed_114514.pth.tar is the reference's name"),
                         qPrintable(run.describe()));
            QVERIFY2(run.err.contains("note: load_from_s3: ignored"), qPrintable(run.describe()));
        }
        const json fd = fbtest::readJsonFile(fbtest::toPath(folders["fd"]) / "config.json");
        QCOMPARE(fd["method"]["fd"]["weighting"].get<std::string>(), std::string("batch_mean"));
        QCOMPARE(fd["method"]["fd"]["temperature"].get<double>(), 100.0);
        QCOMPARE(canonical(QString::fromStdString(fd["method"]["reference"][0].get<std::string>())),
                 canonical(folders["baseline-old"]));
        const json ldi = fbtest::readJsonFile(fbtest::toPath(folders["ldi"]) / "config.json");
        QVERIFY(ldi["method"]["ldi"]["exclude_gt"].get<bool>());
        QCOMPARE(ldi["model"]["fc_init"].get<std::string>(), std::string("pytorch_default"));

        // Without kd_model_num_classes train.py builds a 1000-class old model that cannot load this
        // one: refused before anything is written, naming the key.
        json broken = fbtest::readJsonFile(fs::path(FLIPBENCH_TEST_DATA) / "notebook" / "fd.json");
        broken.erase("kd_model_num_classes");
        const fs::path file = *scratch_ / "notebook-fd-no-classes.json";
        fbtest::writeText(file, broken.dump(2));
        const auto before = fbtest::countEntries(fbtest::toPath(workspace));
        const CliResult refused =
            runCli({"train", "--hyperparameters", fbtest::toQString(file), "--workspace", workspace, "--data", data});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("kd_model_num_classes: 1000 (train.py's default)"),
                 qPrintable(refused.describe()));
        QCOMPARE(fbtest::countEntries(fbtest::toPath(workspace)), before);
    }

    void usageErrorsExit2()
    {
        const CliResult unknown = runCli({"frobnicate"});
        QVERIFY2(unknown.exitCode == 2, qPrintable(unknown.describe()));
        const CliResult none = runCli({});
        QVERIFY2(none.exitCode == 2, qPrintable(none.describe()));
    }

    void versionListsTheParts()
    {
        const CliResult version = runCli({"version"});
        QVERIFY2(version.exitCode == 0, qPrintable(version.describe()));
        QVERIFY2(version.out.contains(FLIPBENCH_HAS_DOWNLOAD ? "download       yes" : "download       no"),
                 qPrintable(version.describe()));
        QVERIFY2(version.out.contains(FLIPBENCH_HAS_IMAGE_FOLDERS ? "image-folders  yes" : "image-folders  no"),
                 qPrintable(version.describe()));
        const CliResult help = runCli({"--help"});
        QVERIFY2(help.out.contains("Parts of this build:"), qPrintable(help.describe()));
    }

    // A build without a part: its commands and inputs are user errors (exit 2) that name the part and
    // the option to rebuild with. Only the parts this build lacks are checked.
    void missingPartsExit2WithRebuildHint()
    {
        if (FLIPBENCH_HAS_DOWNLOAD && FLIPBENCH_HAS_IMAGE_FOLDERS)
            QSKIP("every optional part is built");
        const fbtest::ScratchDir tmp;
        if (!FLIPBENCH_HAS_DOWNLOAD) {
            const CliResult download = runCli({"download-cifar10", fbtest::toQString(tmp / "cifar")});
            QVERIFY2(download.exitCode == 2, qPrintable(download.describe()));
            QVERIFY2(download.err.contains("download part") && download.err.contains("-DFLIPBENCH_DOWNLOAD=ON"),
                     qPrintable(download.describe()));
            QVERIFY(!fs::exists(tmp / "cifar"));
        }
        if (!FLIPBENCH_HAS_IMAGE_FOLDERS) {
            fs::create_directories(tmp / "images/train/cat");
            fs::create_directories(tmp / "images/test/cat");
            const QString images = fbtest::toQString(tmp / "images");
            const CliResult imported = runCli({"import-images", images});
            QVERIFY2(imported.exitCode == 2, qPrintable(imported.describe()));
            QVERIFY2(imported.err.contains("-DFLIPBENCH_IMAGE_FOLDERS=ON"), qPrintable(imported.describe()));
            fbtest::writeText(tmp / "images.json", cliConfig("images", 1, 0.05).dump(2));
            const CliResult trained = runCli({"train", fbtest::toQString(tmp / "images.json"), "--workspace",
                                              fbtest::toQString(tmp / "ws"), "--data", images});
            QVERIFY2(trained.exitCode == 2, qPrintable(trained.describe()));
            QVERIFY2(trained.err.contains("image-folders part"), qPrintable(trained.describe()));
        }
    }

    void reportPointsToTheDesktopBinary()
    {
        const CliResult report = runCli({"report", "--workspace", workspace_, "a", "b", "-o", "r.pdf"});
        QVERIFY2(report.exitCode == 2, qPrintable(report.describe()));
        QVERIFY2(!report.err.contains("unknown command"), qPrintable(report.describe()));
        QVERIFY2(report.err.contains("Usage: flipbench report --workspace DIR RUN_A RUN_B"),
                 qPrintable(report.describe()));
        const CliResult help = runCli({"--help"});
        QVERIFY2(help.exitCode == 0, qPrintable(help.describe()));
        QVERIFY2(help.out.contains("flipbench report --workspace DIR"), qPrintable(help.describe()));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
