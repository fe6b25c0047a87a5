// Run config parsing, validation messages, JSON round trips, the learning-rate schedules, and the
// tags and note a person keeps with a run.

#include "test_support.h"

#include "flipbench/util/errors.h"
#include "flipbench/training/lr_schedule.h"
#include "flipbench/config/run_config.h"
#include "flipbench/runs/run_notes.h"
#include "flipbench/runs/run_store.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <cmath>

using nlohmann::json;

namespace {

json minimalConfig()
{
    return json::parse(R"({
        "name": "demo-s1",
        "data": {"path": "X", "train_limit": 5000, "test_limit": 1000},
        "model": {"arch": "small_cnn"},
        "train": {"epochs": 3, "batch_size": 128, "lr": 0.05, "seed": 1, "device": "cpu"}
    })");
}

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) < tolerance;
}

/// QCOMPAREs every field; the caller checks QTest::currentTestFailed() afterwards.
void compareConfigs(const flipbench::RunConfig& a, const flipbench::RunConfig& b)
{
    QCOMPARE(a.name, b.name);
    QCOMPARE(a.data.path, b.data.path);
    QCOMPARE(a.data.trainLimit, b.data.trainLimit);
    QCOMPARE(a.data.testLimit, b.data.testLimit);
    QCOMPARE(a.data.valSize, b.data.valSize);
    QCOMPARE(a.model.arch, b.model.arch);
    const flipbench::TrainConfig& x = a.train;
    const flipbench::TrainConfig& y = b.train;
    QCOMPARE(x.epochs, y.epochs);
    QCOMPARE(x.batchSize, y.batchSize);
    QCOMPARE(x.lr, y.lr);
    QCOMPARE(x.momentum, y.momentum);
    QCOMPARE(x.weightDecay, y.weightDecay);
    QCOMPARE(x.nesterov, y.nesterov);
    QCOMPARE(x.seed, y.seed);
    QCOMPARE(x.device, y.device);
    QCOMPARE(x.schedule, y.schedule);
    QCOMPARE(x.lrStep, y.lrStep);
    QCOMPARE(x.etaMin.has_value(), y.etaMin.has_value());
    if (x.etaMin && y.etaMin)
        QCOMPARE(*x.etaMin, *y.etaMin);
    QCOMPARE(x.stepGamma, y.stepGamma);
    QCOMPARE(x.warmupEpochs, y.warmupEpochs);
    QCOMPARE(x.augment.crop, y.augment.crop);
    QCOMPARE(x.augment.flip, y.augment.flip);
    QCOMPARE(x.labelSmoothing, y.labelSmoothing);
    QCOMPARE(x.gradClip, y.gradClip);
    QCOMPARE(x.selection, y.selection);
    QCOMPARE(x.threads, y.threads);
    QCOMPARE(x.logEvery, y.logEvery);
}

flipbench::TrainConfig cosine30()
{
    flipbench::TrainConfig t;
    t.epochs = 30;
    t.lr = 0.1;
    t.lrStep = 20;
    t.schedule = "cosine";
    return t;
}

} // namespace

class TestRunConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesMinimalConfig()
    {
        const flipbench::RunConfig c = flipbench::parseRunConfig(minimalConfig());
        QCOMPARE(c.name, std::string("demo-s1"));
        QCOMPARE(c.data.path, std::string("X"));
        QCOMPARE(c.data.trainLimit, int64_t(5000));
        QCOMPARE(c.data.testLimit, int64_t(1000));
        QCOMPARE(c.model.arch, std::string("small_cnn"));
        QCOMPARE(c.train.epochs, 3);
        QCOMPARE(c.train.batchSize, 128);
        QCOMPARE(c.train.lr, 0.05);
        QCOMPARE(c.train.seed, uint64_t(1));
        QCOMPARE(c.train.device, std::string("cpu"));

        // Everything not given takes the documented defaults.
        flipbench::RunConfig expected;
        expected.name = c.name;
        expected.data.path = c.data.path;
        expected.data.trainLimit = 5000;
        expected.data.testLimit = 1000;
        expected.model.arch = "small_cnn";
        expected.train.epochs = 3;
        expected.train.batchSize = 128;
        expected.train.lr = 0.05;
        expected.train.seed = 1;
        expected.train.device = "cpu";
        compareConfigs(c, expected);
        // Spelled out as well, in case the struct defaults themselves drift.
        QCOMPARE(c.data.valSize, int64_t(0));
        QCOMPARE(c.train.momentum, 0.9);
        QCOMPARE(c.train.schedule, std::string("cosine"));
        QCOMPARE(c.train.selection, std::string("final"));
        QVERIFY(!c.train.etaMin.has_value());
        QCOMPARE(c.train.gradClip, 0.0);
    }

    void roundTripsThroughJson()
    {
        const flipbench::RunConfig minimal = flipbench::parseRunConfig(minimalConfig());
        const json stored = flipbench::toJson(minimal);
        const flipbench::RunConfig again = flipbench::parseRunConfig(stored);
        compareConfigs(again, minimal);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(flipbench::toJson(again), stored);

        // Every field away from its default, to catch a field toJson forgets.
        flipbench::RunConfig c;
        c.name = "all-fields";
        c.data = {"/data/cifar", 4000, 800, 500};
        c.model.arch = "resnet18_cifar";
        flipbench::TrainConfig& t = c.train;
        t.epochs = 7;
        t.batchSize = 32;
        t.lr = 0.025;
        t.momentum = 0.8;
        t.weightDecay = 5e-4;
        t.nesterov = true;
        t.seed = 12345678901ULL;
        t.device = "cpu";
        t.schedule = "step";
        t.lrStep = 3;
        t.etaMin = 0.0005;
        t.stepGamma = 0.5;
        t.warmupEpochs = 1.5;
        t.augment = {true, true};
        t.labelSmoothing = 0.1;
        t.gradClip = 5;
        t.selection = "best_val";
        t.threads = 2;
        t.logEvery = 3;
        compareConfigs(flipbench::parseRunConfig(flipbench::toJson(c)), c);
    }

    void rejectsBadValues_data()
    {
        QTest::addColumn<QString>("pointer"); // JSON pointer of the field to set
        QTest::addColumn<QString>("value");   // JSON text of its new value
        QTest::addColumn<QString>("prefix");  // the error message must start with this
        QTest::addColumn<QString>("mention"); // ... and contain this

        QTest::newRow("negative lr") << "/train/lr"
                                     << "-0.1"
                                     << "train.lr: must be > 0"
                                     << "-0.1";
        QTest::newRow("zero epochs") << "/train/epochs"
                                     << "0"
                                     << "train.epochs"
                                     << "0";
        QTest::newRow("epochs as string") << "/train/epochs"
                                          << "\"3\""
                                          << "train.epochs"
                                          << "";
        QTest::newRow("unknown key") << "/train/lrr"
                                     << "0.05"
                                     << "train.lrr: unknown key"
                                     << "";
        QTest::newRow("unknown arch") << "/model/arch"
                                      << "\"vgg99\""
                                      << "model.arch"
                                      << "vgg99";
        QTest::newRow("bad schedule") << "/train/schedule"
                                      << "\"linear\""
                                      << "train.schedule"
                                      << "linear";
        QTest::newRow("bad device") << "/train/device"
                                    << "\"gpu7\""
                                    << "train.device"
                                    << "gpu7";
        QTest::newRow("bad selection") << "/train/selection"
                                       << "\"worst\""
                                       << "train.selection"
                                       << "worst";
        QTest::newRow("negative train_limit") << "/data/train_limit"
                                              << "-5"
                                              << "data.train_limit"
                                              << "";
    }

    void rejectsBadValues()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, prefix);
        QFETCH(QString, mention);
        json config = minimalConfig();
        config[json::json_pointer(pointer.toStdString())] = json::parse(value.toStdString());

        const auto message = fbtest::thrownMessage<flipbench::ConfigError>([&] { flipbench::parseRunConfig(config); });
        QVERIFY2(message, "expected a ConfigError");
        QVERIFY2(fbtest::startsWith(*message, prefix.toStdString()), message->c_str());
        QVERIFY2(fbtest::contains(*message, mention.toStdString()), message->c_str());
    }

    void cosineEtaMinRule()
    {
        // eta_min = lr * 0.1^(epochs / lr_step) = 0.1 * 0.1^(30/20) = 0.1 * 0.0316228 = 0.0031623
        flipbench::TrainConfig t = cosine30();
        QVERIFY(near(flipbench::cosineEtaMin(t), 0.00316227766, 1e-9));
        t.etaMin = 0.001; // an explicit floor wins
        QCOMPARE(flipbench::cosineEtaMin(t), 0.001);
    }

    void cosineSchedule()
    {
        const flipbench::TrainConfig t = cosine30();
        const double etaMin = 0.00316227766016838;
        // t = 0: the full learning rate.
        QVERIFY(near(flipbench::learningRateAt(t, 0, 0, 100), 0.1));
        // t = 7.5 (epoch 7, step 50 of 100): eta_min + (lr - eta_min)(1 + cos(pi/4))/2
        //   = 0.0031623 + 0.0968377 * 0.8535534 = 0.0858184
        QVERIFY(near(flipbench::learningRateAt(t, 7, 50, 100), 0.0858184439, 1e-8));
        // t = 15, the middle: cos(pi/2) = 0, so (lr + eta_min)/2 = (0.1 + 0.0031623)/2 = 0.0515811
        QVERIFY(near(flipbench::learningRateAt(t, 15, 0, 100), (0.1 + etaMin) / 2, 1e-8));
        // t = 29.99, the last step: within 1e-7 of eta_min (the cosine term is ~2.7e-8 there).
        const double last = flipbench::learningRateAt(t, 29, 99, 100);
        QVERIFY2(near(last, etaMin, 1e-7), qPrintable(QString::number(last, 'g', 10)));
        // Stepped every iteration: it falls inside an epoch too.
        QVERIFY(flipbench::learningRateAt(t, 3, 60, 100) < flipbench::learningRateAt(t, 3, 10, 100));
    }

    void constantSchedule()
    {
        flipbench::TrainConfig t = cosine30();
        t.schedule = "constant";
        QCOMPARE(flipbench::learningRateAt(t, 0, 0, 100), 0.1);
        QCOMPARE(flipbench::learningRateAt(t, 15, 37, 100), 0.1);
        QCOMPARE(flipbench::learningRateAt(t, 29, 99, 100), 0.1);
    }

    void stepSchedule()
    {
        flipbench::TrainConfig t = cosine30();
        t.schedule = "step";
        t.lrStep = 2;
        t.stepGamma = 0.1;
        // lr * gamma^floor(epoch / 2): epochs 0-1 -> 0.1, 2-3 -> 0.01, 4 -> 0.001
        QVERIFY(near(flipbench::learningRateAt(t, 0, 0, 10), 0.1));
        QVERIFY(near(flipbench::learningRateAt(t, 1, 9, 10), 0.1));
        QVERIFY(near(flipbench::learningRateAt(t, 2, 0, 10), 0.01));
        QVERIFY(near(flipbench::learningRateAt(t, 3, 5, 10), 0.01));
        QVERIFY(near(flipbench::learningRateAt(t, 4, 0, 10), 0.001));
    }

    void warmupRampsThenCosine()
    {
        flipbench::TrainConfig t;
        t.schedule = "cosine";
        t.epochs = 11;
        t.lr = 0.1;
        t.warmupEpochs = 1;
        t.etaMin = 0.0; // keeps the numbers below simple
        const int64_t steps = 10;
        // Warm-up over the 10 steps of epoch 0, from lr/10 = 0.01 up to lr.
        const double first = flipbench::learningRateAt(t, 0, 0, steps);
        QVERIFY2(near(first, 0.01), qPrintable(QString::number(first)));
        double previous = first;
        for (int64_t s = 1; s < steps; ++s) {
            const double lr = flipbench::learningRateAt(t, 0, s, steps);
            QVERIFY2(lr > previous && lr <= 0.1 + 1e-12, qPrintable(QString("step %1: %2").arg(s).arg(lr)));
            previous = lr;
        }
        // Then cosine over the remaining 10 epochs: it starts at lr ...
        QVERIFY(near(flipbench::learningRateAt(t, 1, 0, steps), 0.1));
        // ... and is halfway, (0.1 + 0)/2, five epochs later.
        QVERIFY(near(flipbench::learningRateAt(t, 6, 0, steps), 0.05));
    }

    void runNotesAreKeptBesideTheConfig()
    {
        using Tags = std::vector<std::string>;
        QCOMPARE(flipbench::parseTags(" cifar, seed 2,,cifar ,  "), (Tags{"cifar", "seed 2"}));
        QVERIFY(flipbench::parseTags("").empty());

        fbtest::ScratchDir scratch;
        const auto run = flipbench::RunFolder::create(scratch.path(), "noted");
        QVERIFY(flipbench::readRunNotes(run).empty()); // nothing written yet: no notes.json needed
        flipbench::RunNotes notes;
        notes.tags = {"baseline", " lr-sweep ", "baseline"};
        notes.note = "Halved the learning rate after the plateau.\nCompare with seed 2.";
        flipbench::writeRunNotes(run, notes);
        const auto stored = fbtest::readJsonFile(run.file("notes.json"));
        QCOMPARE(stored["tags"].get<Tags>(), (Tags{"baseline", "lr-sweep"})); // cleaned as they are written
        const auto back = flipbench::readRunNotes(run);
        QCOMPARE(back.tags, (Tags{"baseline", "lr-sweep"}));
        QCOMPARE(back.note, notes.note);
        QCOMPARE(fbtest::countEntries(run.dir()), int64_t(2)); // status.json and notes.json: no temporary left

        fbtest::writeText(run.file("notes.json"), "{\"tags\": 3}");
        const auto damaged = fbtest::thrownMessage<flipbench::DataError>([&] { flipbench::readRunNotes(run); });
        QVERIFY(damaged.has_value());
        QVERIFY2(fbtest::contains(*damaged, "notes.json is damaged"), damaged->c_str());
    }
};

QTEST_GUILESS_MAIN(TestRunConfig)
#include "tst_run_config.moc"
