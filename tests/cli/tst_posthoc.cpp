// Post-hoc compatibility (flipbench/posthoc, `flipbench-cli posthoc`): logit fusion on hand-made
// runs whose every figure is counted by hand, and weight interpolation (BCWI) on small runs
// trained for the test: the curve, the choice on validation, the run it writes, and refusals.

#include "cli_test_support.h"
#include "flip_fixture.h"

#include "flipbench/compare/model_comparison.h"
#include "flipbench/models/classifier.h"
#include "flipbench/posthoc/logit_fusion.h"
#include "flipbench/posthoc/posthoc_curve_file.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/runs/run_groups.h"
#include "flipbench/runs/run_summary.h"
#include "flipbench/training/checkpoint.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace flipbench;

namespace {

/// Logits that predict `preds` with margin `scale`: one-hot rows times scale.
torch::Tensor oneHot(const std::vector<int64_t>& preds, float scale)
{
    torch::Tensor t = torch::zeros({static_cast<int64_t>(preds.size()), fbtest::kFlipClasses});
    for (size_t i = 0; i < preds.size(); ++i)
        t[static_cast<int64_t>(i)][preds[i]] = scale;
    return t;
}

} // namespace

class TestPosthoc : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    fs::path fusionWs_, oldRun_, newRun_, newRun2_;
    QString data_, trainedWs_, trainedOld_, trainedTuned_, trainedScratch_;

    /// A completed run on the fixture's 12 test samples with 10 validation samples (label k = k).
    fs::path writeRun(const std::string& name, const std::vector<int64_t>& testPreds,
                      const std::vector<int64_t>& valPreds, float scale, uint64_t seed)
    {
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(*scratch_ / "data");
        const fs::path run = fbtest::toPath(
            fbtest::writeCompletedRun(fusionWs_, name, oneHot(testPreds, scale), data, data.test.labels, fingerprint));
        writeNpy(run / "val_logits.npy", oneHot(valPreds, scale));
        writeNpy(run / "val_labels.npy", torch::arange(10, torch::kInt64));
        RunConfig config = fbtest::tinyRunConfig(*scratch_ / "data", name, 2, seed);
        fbtest::writeText(run / "config.json", toJson(config).dump(1));
        return run;
    }

    QString train(const std::string& name, const json& method, const std::string& arch, int valSize)
    {
        json config = {
            {"name", name},
            {"data", {{"path", data_.toStdString()}, {"train_limit", 300}, {"test_limit", 100}}},
            {"model", {{"arch", arch}}},
            {"method", method},
            {"train",
             {{"epochs", 1}, {"batch_size", 32}, {"lr", 0.05}, {"seed", 5}, {"device", "cpu"}, {"threads", 2}}}};
        if (valSize > 0)
            config["data"]["val_size"] = valSize;
        const fs::path file = *scratch_ / (name + ".json");
        fbtest::writeText(file, config.dump());
        const CliResult r = runCli({"train", fbtest::toQString(file), "--workspace", trainedWs_});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.describe()));
        return r.lastLine();
    }

private Q_SLOTS:
    void initTestCase()
    {
        scratch_ = std::make_unique<fbtest::ScratchDir>();
        fusionWs_ = *scratch_ / "fusion";
        // Test labels of the fixture: sample k has label 3k mod 10. Old is right on 0-8, new on
        // 0-6, 9 and 10: negative flips 7 and 8 (2 of 12); both are right on 9 of 12.
        std::vector<int64_t> labels;
        for (int k = 0; k < 12; ++k)
            labels.push_back((3 * k) % 10);
        std::vector<int64_t> oldTest = labels, newTest = labels;
        for (int k : {9, 10, 11})
            oldTest[k] = (labels[k] + 1) % 10;
        for (int k : {7, 8})
            newTest[k] = (labels[k] + 1) % 10;
        newTest[11] = (labels[11] + 2) % 10;
        // Validation labels 0-9: old is right on 0-7, new on 0-6, 8 and 9: one negative flip (7).
        std::vector<int64_t> oldVal = {0, 1, 2, 3, 4, 5, 6, 7, 9, 0}, newVal = {0, 1, 2, 3, 4, 5, 6, 8, 8, 9};
        // Old logits 2 for its class, new 1: the fused argmax is new's below b = 1/3, old's above.
        oldRun_ = writeRun("old", oldTest, oldVal, 2, 100);
        newRun_ = writeRun("new-s1", newTest, newVal, 1, 1);
        newRun2_ = writeRun("new-s2", newTest, newVal, 1, 2);

        const QString demo = fbtest::toQString(*scratch_ / "demo");
        QCOMPARE(runCli({"make-demo-data", demo, "--train", "400", "--test", "100"}).exitCode, 0);
        data_ = demo + "/cifar-10-batches-bin";
        trainedWs_ = fbtest::toQString(*scratch_ / "trained");
        trainedOld_ = train("bcwi-old", json::object(), "small_cnn", 100);
        QVERIFY(QFileInfo(trainedOld_ + "/val_logits.npy").exists());
        trainedTuned_ = train(
            "bcwi-tuned", {{"name", "fd"}, {"reference", {trainedOld_.toStdString()}}, {"init_from_reference", true}},
            "small_cnn", 100);
        QVERIFY(QFileInfo(trainedTuned_ + "/final.pt").exists());
        trainedScratch_ = train("bcwi-scratch", json::object(), "small_cnn", 100);
        QVERIFY(QFileInfo(trainedScratch_ + "/final.pt").exists());
    }

    void fusionCurveIsCountedByHand()
    {
        PosthocRequest request;
        request.oldRun = oldRun_;
        request.newRun = newRun_;
        request.workspace = fusionWs_;
        request.tolerance = 0.01;
        const PosthocResult strict = fuseLogits(request);
        QCOMPARE(strict.run.filename().string(), std::string("fusion-new-s1")); // the default name
        QCOMPARE(strict.curve.points.size(), size_t(11));
        for (const PosthocPoint& p : strict.curve.points) {
            const bool oldSide = p.weight > 1.0 / 3; // 2b > 1 - b
            QCOMPARE(p.valAccuracy, oldSide ? 0.8 : 0.9);
            QCOMPARE(p.valNfr, oldSide ? 0.0 : 0.1);
            QCOMPARE(p.testAccuracy, 0.75);
            QCOMPARE(p.testNfr, oldSide ? 0.0 : 2.0 / 12);
            QCOMPARE(p.testPfr, oldSide ? 0.0 : 2.0 / 12); // new is right on 9 and 10, where old is wrong
            QCOMPARE(p.valPfr, oldSide ? 0.0 : 0.2);       // 8 and 9
        }
        // Within 1 point of the new model's 90%: only b <= 0.3, all at 10% NFR: the smallest, 0.
        QCOMPARE(strict.curve.points[strict.curve.chosen].weight, 0.0);
        // Within 10 points: 80% qualifies, and 0.4 is the first weight at 0% NFR.
        request.tolerance = 0.10;
        request.name = "fusion-loose";
        const PosthocResult loose = fuseLogits(request);
        QCOMPARE(loose.curve.points[loose.curve.chosen].weight, 0.4);
        QVERIFY2(fbtest::contains(loose.curve.reason, "among 11 weights within 10 point(s)"),
                 loose.curve.reason.c_str());

        // The run it wrote is a model like any other: compare, list, group.
        const ModelComparison c = compareModelSources(ModelSource::single(oldRun_), ModelSource::single(loose.run));
        QCOMPARE(c.report.table.negativeFlips, int64_t(0));
        const RunSummary summary = readRunSummary(loose.run);
        QCOMPARE(summary.methodLabel(), std::string("Fusion"));
        QCOMPARE(summary.references, std::vector<std::string>{"old"});
        QVERIFY(summary.testNfr && *summary.testNfr == 0.0);
        QVERIFY(summary.testPfr && *summary.testPfr == 0.0);
        const json config = json::parse(readFile(loose.run / "config.json"));
        QCOMPARE(config["posthoc"]["weight"].get<double>(), 0.4);
        QCOMPARE(config["posthoc"]["inference_models"].get<int>(), 2);
        const json curve = json::parse(readFile(loose.run / "posthoc.json"));
        QCOMPARE(curve["points"].size(), size_t(11));
        // Its one reader (the Details tab's plot) gives the curve back.
        const std::optional<PosthocCurveRecord> back = readPosthocCurve(loose.run);
        QVERIFY(back);
        QCOMPARE(back->kind, std::string("logit_fusion"));
        QCOMPARE(back->curve.points.size(), size_t(11));
        QCOMPARE(back->curve.chosen, loose.curve.chosen);
        QCOMPARE(back->curve.points[3].testPfr, 2.0 / 12);
        QVERIFY(!readPosthocCurve(newRun_)); // a trained run has none
        fbtest::writeText(newRun2_ / "posthoc.json", "{\"kind\": 3}");
        QVERIFY(fbtest::thrownMessage<DataError>([&] { readPosthocCurve(newRun2_); }));
        fs::remove(newRun2_ / "posthoc.json");
        // A fusion has no weights to hand to PyTorch, and export-model says why.
        const CliResult exported =
            runCli({"export-model", fbtest::toQString(loose.run), "-o", fbtest::toQString(*scratch_ / "fusion.pth")});
        QCOMPARE(exported.exitCode, 2);
        QVERIFY2(exported.err.contains(QLatin1String("no weights of its own")), qPrintable(exported.err));
    }

    void fusionRunsOfSeedsGroupTogether()
    {
        PosthocRequest request;
        request.oldRun = oldRun_;
        request.workspace = fusionWs_;
        request.grid = parseWeightGrid("0:1:0.25");
        request.newRun = newRun_;
        request.name = "quarter-s1";
        const fs::path a = fuseLogits(request).run;
        request.newRun = newRun2_;
        request.name = "quarter-s2";
        const fs::path b = fuseLogits(request).run;
        const auto groups = groupRuns({newRun_, newRun2_, a, b});
        QCOMPARE(groups.size(), size_t(2)); // the new runs, and their fusions
        QCOMPARE(groups[1].method, std::string("logit_fusion"));
        QCOMPARE(groups[1].runs.size(), size_t(2));
        QCOMPARE(groups[1].label, std::string("quarter"));
    }

    void weightGrids()
    {
        QCOMPARE(parseWeightGrid("0.5,0.25"), (std::vector<double>{0, 0.25, 0.5}));
        QCOMPARE(parseWeightGrid("0:1:0.5"), (std::vector<double>{0, 0.5, 1}));
        QCOMPARE(parseWeightGrid("0:0.3:0.1"), (std::vector<double>{0, 0.1, 0.2, 0.3}));
        for (const char* bad : {"2", "-0.1", "0:1:0", "a,b", "0:1", "0:1:0.001"})
            QVERIFY2(fbtest::thrownMessage<UserError>([&] { parseWeightGrid(bad); }), bad);
    }

    void interpolationOfAFineTunedRun()
    {
        // a = 1 is the old model's weights exactly; every a has batch-norm statistics recomputed
        // on the new run's 200 training images (300 minus 100 held out): 1 batch of 256.
        const CliResult r = runCli({"posthoc", "bcwi", trainedOld_, trainedTuned_, "--workspace", trainedWs_, "--grid",
                                    "0,0.5,1", "--tolerance", "100", "--name", "bcwi-test"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(QLatin1String("Chosen on validation: a = ")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QLatin1String("a = 0.5: validation accuracy")), qPrintable(r.err));
        const fs::path run = fbtest::toPath(r.lastLine());
        const json curve = json::parse(readFile(run / "posthoc.json"));
        QCOMPARE(curve["points"].size(), size_t(3));
        QCOMPARE(readRunSummary(run).methodLabel(), std::string("BCWI"));

        // The stored model computes the stored logits, and its statistics were recomputed.
        const double a = curve["chosen"].get<double>();
        Classifier stored = makeClassifier("small_cnn", 10), oldModel = makeClassifier("small_cnn", 10),
                   newModel = makeClassifier("small_cnn", 10);
        loadWeights(run / "final.pt", *stored, torch::kCPU);
        loadWeights(fbtest::toPath(trainedOld_) / "final.pt", *oldModel, torch::kCPU);
        loadWeights(fbtest::toPath(trainedTuned_) / "final.pt", *newModel, torch::kCPU);
        const auto oldParams = oldModel->named_parameters(), newParams = newModel->named_parameters();
        for (const auto& p : stored->named_parameters()) {
            const torch::Tensor expected = newParams[p.key()].mul(1 - a).add(oldParams[p.key()], a);
            QVERIFY2(torch::allclose(p.value(), expected, 0, 1e-6), p.key().c_str());
        }
        for (const auto& b : stored->named_buffers())
            if (fbtest::contains(b.key(), "num_batches_tracked"))
                QCOMPARE(b.value().item<int64_t>(), int64_t(1));
        const CliResult compared = runCli({"compare", trainedOld_, r.lastLine(), "--json"});
        QVERIFY2(compared.exitCode == 0, qPrintable(compared.describe()));
    }

    void interpolationRefusals()
    {
        const QList<std::pair<QStringList, QString>> cases = {
            {{"posthoc", "bcwi", trainedOld_, trainedScratch_, "--workspace", trainedWs_},
             QStringLiteral("was not fine-tuned from bcwi-old")},
            {{"posthoc", "bcwi", trainedOld_, trainedOld_, "--workspace", trainedWs_}, QStringLiteral("same folder")},
            {{"posthoc", "bcwi", fbtest::toQString(oldRun_), fbtest::toQString(newRun_), "--workspace", trainedWs_},
             QStringLiteral("was not fine-tuned")},
            {{"posthoc", "fusion", trainedOld_, fbtest::toQString(newRun_), "--workspace", trainedWs_},
             QStringLiteral("test set")},
            {{"posthoc", "mix", trainedOld_, trainedTuned_, "--workspace", trainedWs_}, QStringLiteral("takes fusion")},
            {{"posthoc", "fusion", trainedOld_, trainedTuned_, "--workspace", trainedWs_, "--grid", "0:2:1"},
             QStringLiteral("between 0 (the new model) and 1")},
            {{"posthoc", "bcwi", trainedOld_, trainedTuned_, "--workspace", trainedWs_, "--threads", "two"},
             QStringLiteral("--threads takes a number")},
        };
        const int before = static_cast<int>(fbtest::countEntries(fbtest::toPath(trainedWs_)));
        for (const auto& [arguments, message] : cases) {
            const CliResult r = runCli(arguments);
            QVERIFY2(r.exitCode == 2, qPrintable(arguments.join(' ') + "\n" + r.describe()));
            QVERIFY2(r.err.contains(message), qPrintable(arguments.join(' ') + "\n" + r.describe()));
        }
        QCOMPARE(static_cast<int>(fbtest::countEntries(fbtest::toPath(trainedWs_))), before); // nothing written
    }
};

QTEST_GUILESS_MAIN(TestPosthoc)
#include "tst_posthoc.moc"
