// Presets (compiled-in plans) and the seed notebook's hyperparameter dictionary.

#include "test_support.h"

#include <flipbench/util/errors.h>
#include <flipbench/config/notebook_hyperparameters.h>
#include <flipbench/config/presets.h>
#include <flipbench/runs/run_store.h>
#include <flipbench/config/train_py_arguments.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using namespace flipbench;
namespace fs = std::filesystem;

namespace {

nlohmann::json notebookDictionary(const char* file)
{
    return fbtest::readJsonFile(fs::path(FLIPBENCH_TEST_DATA) / "notebook" / file);
}

} // namespace

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

    // The seed notebook's four dictionaries as pasted (tests/data/notebook); expectations follow
    // ConstrainedUpgrade/train.py and losses.py of the reference implementation.
    void notebookFdDictionaryMapsAsTheReference()
    {
        const NotebookMapping m = mapNotebookHyperparameters(notebookDictionary("fd.json"));
        const RunConfig& c = m.config;
        QCOMPARE(QString::fromStdString(c.name), QString("fd"));
        QCOMPARE(c.train.epochs, 30);
        QCOMPARE(c.train.batchSize, 128);
        QCOMPARE(c.train.lr, 0.01);
        QCOMPARE(c.train.lrStep, 20.0);
        QCOMPARE(c.train.seed, uint64_t(1));
        QCOMPARE(QString::fromStdString(c.train.selection), QString("best_test"));
        QCOMPARE(QString::fromStdString(c.model.fcInit), QString("pytorch_default")); // no --reinit_linear
        QCOMPARE(QString::fromStdString(c.method.name), QString("fd"));
        QCOMPARE(QString::fromStdString(c.method.fd.divergence), QString("kl"));
        QCOMPARE(*c.method.kdAlpha, 0.9);
        QCOMPARE(c.method.kdLossWeight, 1.0);
        QCOMPARE(c.method.fd.temperature, 100.0);
        QCOMPARE(int(c.method.fd.filter), int(FocusFilter::OldCorrect));
        QCOMPARE(c.method.fd.filterBase, 1.0);
        QCOMPARE(c.method.fd.filterScale, 5.0);
        // losses.py:438 broadcasts (N,) x (N,1) in KL mode: the reference weighs per batch.
        QCOMPARE(int(c.method.fd.weighting), int(FocusWeighting::BatchMean));
        QCOMPARE(m.referencePaths, std::vector<std::string>{"best_model_resnet18_seed_114514.pth.tar"});
        QCOMPARE(QString::fromStdString(m.referenceArch), QString("resnet18"));
        QCOMPARE(m.referenceNumClasses, int64_t(10));
        QVERIFY(c.method.reference.empty()); // filled once the reference is located
        int ignored = 0;
        for (const auto& note : m.notes)
            ignored += fbtest::contains(note, ": ignored (") ? 1 : 0;
        QCOMPARE(ignored, 4); // use_cifar, load_from_s3, bucket_name, gpu
    }

    void notebookLdiAndBaselineDictionariesMap()
    {
        NotebookMapping m = mapNotebookHyperparameters(notebookDictionary("ldi.json"));
        QCOMPARE(QString::fromStdString(m.config.method.name), QString("ldi"));
        QCOMPARE(m.config.train.lr, 0.1);
        QCOMPARE(*m.config.method.kdAlpha, 0.5);
        QCOMPARE(m.config.method.ldi.p, 2.0);
        QCOMPARE(m.config.method.ldi.margin, 0.5);
        QVERIFY(m.config.method.ldi.excludeGroundTruth); // train.py:329: default=True, store_true
        QVERIFY(!m.config.method.ldi.oneSided);
        QCOMPARE(m.config.method.ldi.topK, int64_t(0));

        m = mapNotebookHyperparameters(notebookDictionary("baseline-old.json"));
        QCOMPARE(QString::fromStdString(m.config.method.name), QString("baseline"));
        QCOMPARE(m.config.train.seed, uint64_t(114514));
        QCOMPARE(QString::fromStdString(m.config.name), QString("nb-resnet18-seed114514"));
        QVERIFY(m.referencePaths.empty());
        m = mapNotebookHyperparameters(notebookDictionary("baseline-new.json"));
        QCOMPARE(m.config.train.seed, uint64_t(42));
    }

    void absentKeysTakeTrainPysDefaults()
    {
        // train.py:127-155, 286-298, 321-329, 397-398: epochs 90, batch-size 256, lr 0.1, lr_step 30,
        // kd_temperature 5, kd_filter all_pass, filter-base 0, filter-scale 1, li_margin 1.0.
        NotebookMapping m = mapNotebookHyperparameters(
            nlohmann::json::parse(R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_filter": "neg_flip"})"));
        const RunConfig& c = m.config;
        QCOMPARE(c.train.epochs, 90);
        QCOMPARE(c.train.batchSize, 256);
        QCOMPARE(c.train.lr, 0.1);
        QCOMPARE(c.train.lrStep, 30.0);
        QCOMPARE(c.train.momentum, 0.9);
        QCOMPARE(c.train.weightDecay, 1e-4);
        QCOMPARE(QString::fromStdString(c.method.fd.divergence), QString("kl")); // kd_loss_mode default
        QCOMPARE(c.method.fd.temperature, 5.0);
        QCOMPARE(c.method.fd.filterBase, 0.0);
        QCOMPARE(c.method.fd.filterScale, 1.0);
        QVERIFY(!c.method.kdAlpha);
        QCOMPARE(m.referenceNumClasses, int64_t(1000));
        for (const char* expected : {"epochs: absent, so train.py's default 90 applies",
                                     "batch-size: absent, so train.py's default 256 applies",
                                     "kd_temperature: absent, so train.py's default 5 applies",
                                     "filter-base: absent, so train.py's default 0.0 applies",
                                     "kd_model_num_classes: absent, so train.py's default 1000 applies"}) {
            const bool found =
                std::any_of(m.notes.begin(), m.notes.end(), [&](const std::string& note) { return note == expected; });
            QVERIFY2(found, expected);
        }
        m = mapNotebookHyperparameters(
            nlohmann::json::parse(R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "li"})"));
        QCOMPARE(m.config.method.ldi.margin, 1.0);
        QCOMPARE(m.config.method.ldi.p, 2.0);
    }

    void everyTrainPyArgumentIsKnown()
    {
        // train.py:72-433 has 102 parser.add_argument calls. Each is accepted at its default.
        QCOMPARE(trainPyArguments().size(), size_t(102));
        nlohmann::json all = nlohmann::json::object();
        for (const auto& argument : trainPyArguments())
            all[argument.names.front()] = argument.defaultValue;
        const NotebookMapping m = mapNotebookHyperparameters(all);
        QCOMPARE(QString::fromStdString(m.config.method.name), QString("baseline")); // kd_loss_weight 0
        // Aliases are train.py's own (--lr/--learning-rate, --wd/--weight-decay, -b/--batch-size).
        QCOMPARE(mapNotebookHyperparameters(nlohmann::json::parse(R"({"learning-rate": 0.05})")).config.train.lr, 0.05);
        QCOMPARE(
            mapNotebookHyperparameters(nlohmann::json::parse(R"({"weight-decay": 0.0005})")).config.train.weightDecay,
            0.0005);
        // SageMaker passes every value as a string: "30" and "True" are read as 30 and true.
        const auto strings =
            mapNotebookHyperparameters(nlohmann::json::parse(R"({"epochs": "30", "reinit_linear": "True"})"));
        QCOMPARE(strings.config.train.epochs, 30);
        QCOMPARE(QString::fromStdString(strings.config.model.fcInit), QString("kaiming_fan_out"));
    }

    void notebookErrorsNameTheKey_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("part");
        QTest::newRow("unknown key") << R"({"learning_rate": 0.1})"
                                     << "hyperparameters.learning_rate: unknown key"
                                     << "train.py spells it \"learning-rate\"";
        QTest::newRow("underscore") << R"({"batch_size": 64})"
                                    << "hyperparameters.batch_size: unknown key"
                                    << "\"batch-size\"";
        QTest::newRow("alias twice") << R"({"lr": 0.1, "learning-rate": 0.2})"
                                     << "hyperparameters."
                                     << "given twice";
        QTest::newRow("fd fields, no model") << R"({"kd_alpha": 0.9, "kd_temperature": 100})"
                                             << "hyperparameters: "
                                             << "silently train a baseline";
        QTest::newRow("weight on, no model") << R"({"kd_loss_weight": 1})"
                                             << "hyperparameters.kd_model_path: absent"
                                             << "train.py:649";
        QTest::newRow("model, fields, no weight") << R"({"kd_model_path": "old", "kd_alpha": 0.5})"
                                                  << "hyperparameters.kd_loss_weight: absent"
                                                  << "kd_alpha";
        QTest::newRow("likelihood") << R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_filter": "likelihood"})"
                                    << "hyperparameters.kd_filter: \"likelihood\""
                                    << "kd_likelihood_source";
        QTest::newRow("li with a filter")
            << R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "li", "kd_filter": "old_correct"})"
            << "hyperparameters.kd_filter"
            << "no focus filter";
        QTest::newRow("li_exclude_gt false")
            << R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "li", "li_exclude_gt": false})"
            << "hyperparameters.li_exclude_gt"
            << "train.py:329";
        QTest::newRow("cna") << R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "cna"})"
                             << "hyperparameters.kd_loss_mode: \"cna\""
                             << "not implemented";
        QTest::newRow("gt") << R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "gt"})"
                            << "hyperparameters.kd_loss_mode: \"gt\""
                            << "losses.py:368-369";
        QTest::newRow("bct") << R"({"bct_loss_weight": 0.5})"
                             << "hyperparameters.bct_loss_weight: 0.5 is not supported"
                             << "BCT";
        QTest::newRow("enhance_gt") << R"({"li_enhance_gt": true})"
                                    << "hyperparameters.li_enhance_gt: true"
                                    << "losses.py:105";
        QTest::newRow("mimo") << R"({"mimo_m": 2})"
                              << "hyperparameters.mimo_m: 2 is not supported"
                              << "MIMO";
        QTest::newRow("ensemble weights")
            << R"({"kd_model_path": "a b", "kd_loss_weight": 1, "kd_model_path_weight": [1, 2]})"
            << "hyperparameters.kd_model_path_weight"
            << "networks/utils.py";
        QTest::newRow("lr") << R"({"lr": -1})"
                            << "hyperparameters.lr: must be > 0"
                            << "";
        QTest::newRow("arch") << R"({"arch": "densenet121"})"
                              << "hyperparameters.arch: \"densenet121\""
                              << "resnet18";
        QTest::newRow("not an object") << R"([1, 2])"
                                       << "hyperparameters: expected a JSON object"
                                       << "";
    }

    void notebookErrorsNameTheKey()
    {
        QFETCH(QString, json);
        QFETCH(QString, start);
        QFETCH(QString, part);
        const auto message = fbtest::thrownMessage<ConfigError>(
            [&] { mapNotebookHyperparameters(nlohmann::json::parse(json.toStdString())); });
        QVERIFY2(message, "no ConfigError");
        QVERIFY2(fbtest::startsWith(*message, start.toStdString()), message->c_str());
        QVERIFY2(fbtest::contains(*message, part.toStdString()), message->c_str());
    }

    void notebookOptionsTheReferenceReaches()
    {
        // A model path without kd_loss_weight: a baseline measured against it (train.py:649).
        NotebookMapping m = mapNotebookHyperparameters(nlohmann::json::parse(R"({"kd_model_path": "old"})"));
        QCOMPARE(QString::fromStdString(m.config.method.name), QString("baseline"));
        QCOMPARE(m.referencePaths.size(), size_t(1));
        // Several paths in one string form an ensemble (train.py:650 splits on whitespace).
        m = mapNotebookHyperparameters(nlohmann::json::parse(
            R"({"kd_model_path": "a b  c", "kd_loss_weight": 1, "kd_model_path_weight": [1, 1, 1]})"));
        QCOMPARE(m.referencePaths, (std::vector<std::string>{"a", "b", "c"}));
        // li_one_sided is implemented; li_compute_topk equals all classes in the reference (it ranks
        // rows, losses.py:141): mapped to top_k 0 with a note.
        m = mapNotebookHyperparameters(nlohmann::json::parse(
            R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "li", "li_one_sided": true})"));
        QVERIFY(m.config.method.ldi.oneSided);
        m = mapNotebookHyperparameters(nlohmann::json::parse(
            R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "li", "li_compute_topk": 3})"));
        QCOMPARE(m.config.method.ldi.topK, int64_t(0));
        QVERIFY(std::any_of(m.notes.begin(), m.notes.end(), [](const std::string& n) {
            return fbtest::startsWith(n, "li_compute_topk: 3 ranks rows");
        }));
        // L2 is weighted per sample in the reference too (MSELoss keeps shape (N,C), losses.py:340, 414).
        m = mapNotebookHyperparameters(nlohmann::json::parse(
            R"({"kd_model_path": "old", "kd_loss_weight": 1, "kd_loss_mode": "l2", "kd_filter": "old_correct"})"));
        QCOMPARE(int(m.config.method.fd.weighting), int(FocusWeighting::PerSample));
        // --reinit_linear re-initialises fc kaiming-normal (train.py:643-647).
        m = mapNotebookHyperparameters(nlohmann::json::parse(R"({"reinit_linear": true})"));
        QCOMPARE(QString::fromStdString(m.config.model.fcInit), QString("kaiming_fan_out"));
        // Refused options at their defaults are accepted.
        m = mapNotebookHyperparameters(nlohmann::json::parse(R"({"bct_loss_weight": 0, "resume": "", "mimo_m": 1})"));
        QCOMPARE(QString::fromStdString(m.config.method.name), QString("baseline"));
    }

    void notebookReferenceIsLocatedAndChecked()
    {
        fbtest::ScratchDir scratch;
        const auto workspace = scratch / "ws";
        // A completed resnet18 baseline with seed 114514 is what the reference saves as
        // best_model_resnet18_seed_114514.pth.tar (train.py:1067).
        const auto makeRun = [&](const std::string& name, uint64_t seed, const std::string& method) {
            const RunFolder run = RunFolder::create(workspace, name);
            run.writeJson(
                "config.json",
                {{"model", {{"arch", "resnet18"}}}, {"train", {{"seed", seed}}}, {"method", {{"name", method}}}});
            run.writeJson("dataset.json", {{"class_names", std::vector<std::string>(10, "c")}});
            RunStatus status = run.readStatus();
            status.state = RunState::Completed;
            run.writeStatus(status);
            return run;
        };
        const RunFolder old = makeRun("old-114514", 114514, "baseline");
        makeRun("fd-114514", 114514, "fd"); // not a baseline: never taken for the old model
        NotebookMapping m = mapNotebookHyperparameters(notebookDictionary("fd.json"));
        auto sources = locateNotebookReferences(m, workspace);
        QCOMPARE(sources.size(), size_t(1));
        QCOMPARE(int(sources[0].kind), int(NotebookReferenceSource::Kind::Run));
        QCOMPARE(fbtest::toQString(sources[0].path), fbtest::toQString(old.dir()));
        checkNotebookReferenceRun(m, old.dir()); // 10 classes, resnet18: fine

        // kd_model_num_classes absent: train.py builds a 1000-class model that cannot load this one.
        m.referenceNumClasses = 1000;
        auto message = fbtest::thrownMessage<ConfigError>([&] { checkNotebookReferenceRun(m, old.dir()); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "hyperparameters.kd_model_num_classes: 1000 (train.py's default)"),
                 message->c_str());
        QVERIFY2(fbtest::contains(*message, "\"kd_model_num_classes\": 10"), message->c_str());
        m.referenceNumClasses = 10;
        m.referenceArch = "small_cnn";
        message = fbtest::thrownMessage<ConfigError>([&] { checkNotebookReferenceRun(m, old.dir()); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "hyperparameters.kd_model_arch"), message->c_str());

        // A second matching baseline makes the S3 name ambiguous; a run name or a file always works.
        makeRun("old-again", 114514, "baseline");
        message = fbtest::thrownMessage<ConfigError>([&] { locateNotebookReferences(m, workspace); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "matches several"), message->c_str());
        m.referencePaths = {"old-again"};
        QCOMPARE(int(locateNotebookReferences(m, workspace).at(0).kind), int(NotebookReferenceSource::Kind::Run));
        fbtest::writeText(scratch / "old.pth", "x");
        m.referencePaths = {(scratch / "old.pth").string()};
        QCOMPARE(int(locateNotebookReferences(m, workspace).at(0).kind), int(NotebookReferenceSource::Kind::File));
        m.referenceArch.clear();
        message = fbtest::thrownMessage<ConfigError>([&] { locateNotebookReferences(m, workspace); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "hyperparameters.kd_model_arch: absent"), message->c_str());
        m.referencePaths = {"nothing-here"};
        message = fbtest::thrownMessage<ConfigError>([&] { locateNotebookReferences(m, workspace); });
        QVERIFY(message);
        QVERIFY2(fbtest::startsWith(*message, "hyperparameters.kd_model_path: \"nothing-here\" is neither"),
                 message->c_str());
    }

    void seedNotebookPresetUsesTheReferenceSemantics()
    {
        const Preset p = loadPreset("seed-notebook");
        QCOMPARE(p.runs.size(), size_t(4));
        for (const auto& run : p.runs)
            QCOMPARE(QString::fromStdString(run.model.fcInit), QString("pytorch_default"));
        QCOMPARE(int(p.runs[2].method.fd.weighting), int(FocusWeighting::BatchMean));
        QVERIFY(p.runs[3].method.ldi.excludeGroundTruth);
        // The preset's FD and LDI runs are what the notebook's dictionaries map to.
        const auto fd = mapNotebookHyperparameters(notebookDictionary("fd.json")).config;
        QCOMPARE(fd.method.fd.temperature, p.runs[2].method.fd.temperature);
        QCOMPARE(*fd.method.kdAlpha, *p.runs[2].method.kdAlpha);
        QCOMPARE(fd.train.lr, p.runs[2].train.lr);
        const auto ldi = mapNotebookHyperparameters(notebookDictionary("ldi.json")).config;
        QCOMPARE(ldi.method.ldi.margin, p.runs[3].method.ldi.margin);
        QCOMPARE(*ldi.method.kdAlpha, *p.runs[3].method.kdAlpha);
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
