// Training against a reference (old) model: FD and LDI runs, ensembles, per-epoch flip metrics,
// initialisation from the reference, and the refusals (other test set, unfinished reference).

#include "test_support.h"

#include <flipbench/util/errors.h>
#include <flipbench/runs/run_session.h>
#include <flipbench/training/trainer.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

using flipbench::RunState;

namespace {

struct Trained {
    flipbench::RunFolder folder;
    flipbench::TrainOutcome outcome;
};

Trained train(const flipbench::RunConfig& config, const fbtest::fs::path& workspace)
{
    flipbench::PreparedRun prepared = flipbench::prepareNewRun(config, workspace);
    flipbench::NullProgressSink sink;
    flipbench::CancelToken cancel;
    const auto outcome = flipbench::trainRun(prepared.folder, prepared.config, prepared.data, sink, cancel);
    return {prepared.folder, outcome};
}

/// The records of one type in metrics.jsonl, as the JSON on disk.
std::vector<nlohmann::json> records(const flipbench::RunFolder& run, const std::string& type)
{
    std::vector<nlohmann::json> out;
    for (const auto& r : fbtest::readJsonLines(run.file("metrics.jsonl")))
        if (r.value("type", "") == type)
            out.push_back(r);
    return out;
}

} // namespace

class TestReferenceTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(scratch_.isValid());
        data_ = fbtest::writeDemoData(scratch_.path() / "data", 1000, 300, 7);
        workspace_ = scratch_.path() / "ws";
        for (uint64_t seed : {1, 2}) {
            const auto old = train(fbtest::tinyRunConfig(data_, "old" + std::to_string(seed), 3, seed), workspace_);
            QVERIFY2(old.outcome.state == RunState::Completed, old.outcome.message.c_str());
            oldRuns_.push_back(old.folder.dir());
        }
    }

    void fdAndLdiTrainAndLogFlips_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("references");
        QTest::newRow("fd") << "fd" << 1;
        QTest::newRow("ldi") << "ldi" << 1;
        QTest::newRow("ldi ensemble") << "ldi" << 2;
    }

    void fdAndLdiTrainAndLogFlips()
    {
        QFETCH(QString, method);
        QFETCH(int, references);
        auto config = fbtest::tinyRunConfig(data_, "new-" + method.toStdString(), 2, 3);
        config.data.valSize = 100;
        config.method.name = method.toStdString();
        for (int i = 0; i < references; ++i)
            config.method.reference.push_back(oldRuns_[size_t(i)].filename().string()); // relative to the workspace
        const Trained run = train(config, workspace_);
        QVERIFY2(run.outcome.state == RunState::Completed, run.outcome.message.c_str());

        // The stored config names the references by absolute path, so it resumes from anywhere.
        const auto stored = run.folder.readJson("config.json").at("method").at("reference");
        QCOMPARE(int(stored.size()), references);
        QVERIFY(fbtest::fs::path(stored[0].get<std::string>()).is_absolute());

        // Each epoch logs NFR/PFR against the reference on test and validation.
        const auto epochs = records(run.folder, "epoch");
        QCOMPARE(int(epochs.size()), 2);
        for (const auto& e : epochs)
            for (const char* key : {"test_nfr", "test_pfr", "val_nfr", "val_pfr"}) {
                QVERIFY2(e.contains(key), key);
                QVERIFY(e[key].get<double>() >= 0 && e[key].get<double>() <= 1);
            }
        // The distillation term is really part of the loss.
        double regSum = 0;
        for (const auto& s : records(run.folder, "step"))
            regSum += s.value("reg", 0.0);
        QVERIFY2(regSum > 0, "no distillation loss was logged");
    }

    void baselineWithReferenceOnlyMeasuresFlips()
    {
        auto config = fbtest::tinyRunConfig(data_, "monitored", 1, 4);
        config.method.reference = {oldRuns_[0].string()};
        const Trained run = train(config, workspace_);
        QVERIFY2(run.outcome.state == RunState::Completed, run.outcome.message.c_str());
        QVERIFY(records(run.folder, "epoch").front().contains("test_nfr"));
        for (const auto& s : records(run.folder, "step"))
            QCOMPARE(s.value("reg", -1.0), 0.0);
    }

    void initFromReferenceStartsAtTheOldModel()
    {
        // With a tiny learning rate one epoch barely moves the weights: started from the old model,
        // the new one still agrees with it almost everywhere; started afresh it does not.
        auto flipsAfterOneEpoch = [&](bool init) {
            auto config = fbtest::tinyRunConfig(data_, init ? "init" : "fresh", 1, 5);
            config.train.lr = 1e-6;
            config.method.name = "fd";
            config.method.reference = {oldRuns_[0].string()};
            config.method.initFromReference = init;
            const Trained run = train(config, workspace_);
            if (run.outcome.state != RunState::Completed)
                QTest::qFail(run.outcome.message.c_str(), __FILE__, __LINE__);
            const auto epoch = records(run.folder, "epoch").front();
            return epoch["test_nfr"].get<double>() + epoch["test_pfr"].get<double>();
        };
        const double initialised = flipsAfterOneEpoch(true), fresh = flipsAfterOneEpoch(false);
        QVERIFY2(initialised < 0.1 && initialised < fresh / 2,
                 qPrintable(QString("NFR+PFR from the old weights %1, from scratch %2").arg(initialised).arg(fresh)));
    }

    void refusals()
    {
        // A reference evaluated on another test set (test_limit differs) is refused before any
        // folder is created.
        const auto before = fbtest::countEntries(workspace_);
        auto config = fbtest::tinyRunConfig(data_, "other-test-set", 1, 6);
        config.data.testLimit = 200;
        config.method.name = "ldi";
        config.method.reference = {oldRuns_[0].string()};
        auto message =
            fbtest::thrownMessage<flipbench::ConfigError>([&] { flipbench::prepareNewRun(config, workspace_); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "method.reference") && fbtest::contains(*message, "test set"),
                 message->c_str());

        config.data.testLimit = 0;
        config.method.reference = {"no-such-run"};
        message = fbtest::thrownMessage<flipbench::ConfigError>([&] { flipbench::prepareNewRun(config, workspace_); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "no-such-run"), message->c_str());

        config.method.reference = {oldRuns_[0].string()};
        config.model.arch = "resnet18_cifar";
        config.method.initFromReference = true;
        message = fbtest::thrownMessage<flipbench::ConfigError>([&] { flipbench::prepareNewRun(config, workspace_); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "method.init_from_reference"), message->c_str());
        QCOMPARE(fbtest::countEntries(workspace_), before);
    }

private:
    fbtest::ScratchDir scratch_;
    fbtest::fs::path data_, workspace_;
    std::vector<fbtest::fs::path> oldRuns_;
};

QTEST_GUILESS_MAIN(TestReferenceTraining)
#include "tst_reference_training.moc"
