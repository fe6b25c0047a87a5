// Presets (compiled-in plans) and the seed notebook's hyperparameter dictionary.

#include "test_support.h"

#include <flipbench/errors.h>
#include <flipbench/notebook_hyperparameters.h>
#include <flipbench/presets.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <set>

using namespace flipbench;

class TestPresets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyPresetParsesAndReferencesEarlierRuns()
    {
        const auto names = presetNames();
        for (const char* expected : {"cpu-quick", "seed-notebook", "strong"})
            QVERIFY2(std::find(names.begin(), names.end(), expected) != names.end(), expected);
        for (const auto& name : names) {
            const Preset preset = loadPreset(name);
            QVERIFY2(!preset.description.empty(), name.c_str());
            std::set<std::string> earlier;
            for (const auto& run : preset.runs) {
                for (const auto& reference : run.method.reference)
                    QVERIFY2(earlier.count(reference), (name + ": " + run.name + " references " + reference).c_str());
                QVERIFY2(earlier.insert(run.name).second, (name + ": duplicate run " + run.name).c_str());
            }
        }
    }

    void seedNotebookIsTheNotebook()
    {
        const Preset p = loadPreset("seed-notebook");
        QCOMPARE(int(p.runs.size()), 4);
        const RunConfig& old = p.runs[0];
        QCOMPARE(QString::fromStdString(old.model.arch), QString("resnet18"));
        QCOMPARE(old.train.seed, uint64_t(114514));
        QCOMPARE(old.train.epochs, 30);
        QCOMPARE(old.train.batchSize, 128);
        QCOMPARE(old.train.lrStep, 20.0);
        QCOMPARE(QString::fromStdString(old.train.selection), QString("best_test"));
        QCOMPARE(p.runs[1].train.seed, uint64_t(42));
        const RunConfig& fd = p.runs[2];
        QCOMPARE(QString::fromStdString(fd.method.name), QString("fd"));
        QCOMPARE(fd.train.lr, 0.01);
        QCOMPARE(*fd.method.kdAlpha, 0.9);
        QCOMPARE(fd.method.fd.temperature, 100.0);
        QVERIFY(fd.method.fd.filter == FocusFilter::OldCorrect);
        QCOMPARE(fd.method.fd.filterScale, 5.0);
        const RunConfig& ldi = p.runs[3];
        QCOMPARE(QString::fromStdString(ldi.method.name), QString("ldi"));
        QCOMPARE(*ldi.method.kdAlpha, 0.5);
        QCOMPARE(ldi.method.ldi.margin, 0.5);
        QCOMPARE(ldi.method.ldi.p, 2.0);
    }

    void planReferencesResolveToFolders()
    {
        RunConfig config = loadPreset("cpu-quick").runs.back();
        const std::string old = config.method.reference.front();
        resolvePlanReferences(config, {{old, "/ws/" + old}});
        QCOMPARE(QString::fromStdString(config.method.reference.front()), QString::fromStdString("/ws/" + old));
        QVERIFY_THROWS_EXCEPTION(ConfigError, loadPreset("no-such-preset"));
    }

    void notebookDictionaryMaps()
    {
        const auto json = nlohmann::json::parse(R"({
            "epochs": 30, "arch": "resnet18", "batch-size": 128, "lr": 0.01, "lr_step": 20, "seed": 1,
            "kd_model_arch": "resnet18", "kd_model_path": "old-run", "kd_loss_weight": 1.0, "kd_alpha": 0.9,
            "kd_loss_mode": "kl", "kd_temperature": 100, "kd_filter": "old_correct", "filter-base": 1,
            "filter-scale": 5, "li_p": 2, "li_margin": 0.5, "desc": "fd-notebook",
            "use_cifar": true, "bucket_name": "my-bucket", "gpu": 0})");
        const NotebookMapping m = mapNotebookHyperparameters(json);
        const RunConfig& c = m.config;
        QCOMPARE(QString::fromStdString(c.name), QString("fd-notebook"));
        QCOMPARE(c.train.epochs, 30);
        QCOMPARE(c.train.lr, 0.01);
        QCOMPARE(c.train.seed, uint64_t(1));
        QCOMPARE(QString::fromStdString(c.method.name), QString("fd"));
        QCOMPARE(QString::fromStdString(c.method.fd.divergence), QString("kl"));
        QCOMPARE(*c.method.kdAlpha, 0.9);
        QCOMPARE(c.method.fd.temperature, 100.0);
        QCOMPARE(QString::fromStdString(c.method.reference.at(0)), QString("old-run")); // not a file: a run
        QVERIFY(m.referenceFile.empty());
        int ignoredNotes = 0;
        for (const auto& note : m.notes)
            ignoredNotes += fbtest::contains(note, "ignored") ? 1 : 0;
        QCOMPARE(ignoredNotes, 3);
    }

    void notebookModesAndErrors()
    {
        auto json = nlohmann::json::parse(R"({"kd_model_path": "old", "kd_loss_mode": "li", "li_margin": 1.5})");
        auto m = mapNotebookHyperparameters(json);
        QCOMPARE(QString::fromStdString(m.config.method.name), QString("ldi"));
        QCOMPARE(m.config.method.ldi.margin, 1.5);

        json = nlohmann::json::parse(R"({"kd_loss_mode": "li"})"); // no reference: a baseline
        QCOMPARE(QString::fromStdString(mapNotebookHyperparameters(json).config.method.name), QString("baseline"));

        fbtest::ScratchDir scratch;
        fbtest::writeText(scratch / "old.pth", "x");
        json = {{"kd_model_path", (scratch / "old.pth").string()}, {"kd_model_arch", "resnet18"}};
        m = mapNotebookHyperparameters(json);
        QCOMPARE(QString::fromStdString(m.referenceFile), fbtest::toQString(scratch / "old.pth"));
        QVERIFY(m.config.method.reference.empty());

        auto message = fbtest::thrownMessage<ConfigError>(
            [] { mapNotebookHyperparameters(nlohmann::json::parse(R"({"learning_rate": 0.1})")); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "hyperparameters.learning_rate: unknown key"), message->c_str());
        message = fbtest::thrownMessage<ConfigError>([] {
            mapNotebookHyperparameters(nlohmann::json::parse(R"({"kd_model_path": "a", "kd_loss_mode": "kd"})"));
        });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "hyperparameters.kd_loss_mode"), message->c_str());
        message = fbtest::thrownMessage<ConfigError>(
            [] { mapNotebookHyperparameters(nlohmann::json::parse(R"({"lr": -1})")); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "hyperparameters.lr: must be > 0"), message->c_str());
    }

    void bf16IsForCuda()
    {
        auto json = nlohmann::json::parse(R"({"train": {"device": "cpu", "precision": "bf16"}})");
        const auto message = fbtest::thrownMessage<ConfigError>([&] { parseRunConfig(json); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "train.precision"), message->c_str());
        json["train"]["device"] = "auto"; // accepted: falls back to fp32 when no GPU is there
        QCOMPARE(QString::fromStdString(parseRunConfig(json).train.precision), QString("bf16"));
    }
};

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
