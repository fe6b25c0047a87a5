// `flipbench-cli export-model` end to end: runs of the three architectures trained for an epoch on
// demo data, exported, and checked two ways. Flipbench's own reader imports the exported file
// (import-model) and gets the run's logits back; Debian's python3-torch loads it into torchvision's
// resnet18 (or the documented module of resnet18_cifar and small_cnn, tests/scripts/
// flipbench_torch_models.py) with strict=True and computes the run's logits.npy to 1e-5, and
// numpy.load reads the same arrays from --format npz. Without python3-torch those cases are skipped.

#include "cli_test_support.h"

#include "flipbench/pytorch/npy.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#ifndef FLIPBENCH_TEST_SCRIPTS
#error "FLIPBENCH_TEST_SCRIPTS must name tests/scripts"
#endif

namespace fs = std::filesystem;
using nlohmann::json;

class TestExportModel : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    QString data_, workspace_;
    std::map<std::string, QString> runs_; ///< arch (or "small_cnn_best") -> run folder
    bool havePyTorch_ = false;
    static constexpr int kTestLimit = 48;

    QString train(const std::string& name, const std::string& arch, const json& trainExtra, const json& dataExtra)
    {
        json config = {
            {"name", name},
            {"data", {{"path", data_.toStdString()}, {"train_limit", 160}, {"test_limit", kTestLimit}}},
            {"model", {{"arch", arch}}},
            {"train",
             {{"epochs", 1}, {"batch_size", 32}, {"lr", 0.05}, {"seed", 3}, {"device", "cpu"}, {"threads", 2}}}};
        config["train"].update(trainExtra);
        config["data"].update(dataExtra);
        const fs::path file = *scratch_ / (name + ".json");
        fbtest::writeText(file, config.dump());
        const CliResult r = runCli({"train", fbtest::toQString(file), "--workspace", workspace_});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.describe()));
        return r.lastLine();
    }

    /// Runs the PyTorch check; returns its output, failing the test when it fails.
    CliResult pythonCheck(const QString& model, const std::string& arch, const QString& logits, const QString& npz = {})
    {
        QStringList args = {QStringLiteral(FLIPBENCH_TEST_SCRIPTS "/check_exported_model.py"),
                            model,
                            QString::fromStdString(arch),
                            data_,
                            QString::number(kTestLimit),
                            logits};
        if (!npz.isEmpty())
            args << npz;
        return fbtest::runProcess(QStringLiteral("/usr/bin/python3"), args);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(FLIPBENCH_CLI_PATH)).isExecutable(), FLIPBENCH_CLI_PATH);
        scratch_ = std::make_unique<fbtest::ScratchDir>();
        const QString demo = fbtest::toQString(*scratch_ / "demo");
        const CliResult made = runCli({"make-demo-data", demo, "--train", "200", "--test", "64"});
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
        data_ = demo + "/cifar-10-batches-bin";
        workspace_ = fbtest::toQString(*scratch_ / "ws");
        for (const std::string arch : {"small_cnn", "resnet18_cifar", "resnet18"}) {
            runs_[arch] = train(arch, arch, json::object(), json::object());
            QVERIFY2(QFileInfo(runs_[arch] + "/final.pt").exists(), arch.c_str());
        }
        // Two epochs, the better one kept by validation accuracy: best.pt differs from final.pt.
        runs_["small_cnn_best"] =
            train("small-best", "small_cnn", {{"epochs", 2}, {"selection", "best_val"}}, {{"val_size", 32}});
        QVERIFY(QFileInfo(runs_["small_cnn_best"] + "/best.pt").exists());
        const auto probe = fbtest::runProcess("/usr/bin/python3", {"-c", "import torch, torchvision, numpy"});
        havePyTorch_ = probe.exitCode == 0;
        if (!havePyTorch_)
            qInfo("SKIP: /usr/bin/python3 with torch and torchvision (Debian: python3-torch python3-torchvision) is "
                  "not installed; the PyTorch checks of export-model are skipped");
    }

    void flipbenchReadsItsExportBack()
    {
        // Export, import as a new run on the same test set: the same logits, bit for bit.
        for (const std::string arch : {"small_cnn", "resnet18_cifar", "resnet18"}) {
            const QString model = fbtest::toQString(*scratch_ / (arch + ".pth"));
            const CliResult exported = runCli({"export-model", runs_[arch], "-o", model});
            QVERIFY2(exported.exitCode == 0, qPrintable(exported.describe()));
            QCOMPARE(exported.lastLine(), model);
            QVERIFY2(exported.err.contains(QLatin1String("Exported")), qPrintable(exported.err));
            const CliResult imported = runCli({"import-model", model, "--arch", QString::fromStdString(arch),
                                               "--workspace", fbtest::toQString(*scratch_ / "imported"), "--data",
                                               data_, "--test-limit", QString::number(kTestLimit), "--device", "cpu"});
            QVERIFY2(imported.exitCode == 0, qPrintable(imported.describe()));
            const torch::Tensor original = flipbench::readNpy(fbtest::toPath(runs_[arch] + "/logits.npy"));
            const torch::Tensor back = flipbench::readNpy(fbtest::toPath(imported.lastLine() + "/logits.npy"));
            QVERIFY2(torch::equal(original, back), arch.c_str());
        }
    }

    void pytorchComputesTheRunsLogits()
    {
        if (!havePyTorch_)
            QSKIP("python3-torch not installed");
        for (const std::string arch : {"small_cnn", "resnet18_cifar", "resnet18"}) {
            const QString model = fbtest::toQString(*scratch_ / (arch + "-py.pth"));
            const QString npz = fbtest::toQString(*scratch_ / (arch + ".npz"));
            QCOMPARE(runCli({"export-model", runs_[arch], "-o", model}).exitCode, 0);
            const CliResult asNpz = runCli({"export-model", runs_[arch], "-o", npz, "--format", "npz"});
            QVERIFY2(asNpz.exitCode == 0, qPrintable(asNpz.describe()));
            const CliResult checked = pythonCheck(model, arch, runs_[arch] + "/logits.npy", npz);
            QVERIFY2(checked.exitCode == 0, qPrintable(checked.describe()));
            QVERIFY2(checked.out.contains(QLatin1String("npz: the same")), qPrintable(checked.out));
        }
    }

    void selectionPicksTheWeightsOfTheLogits()
    {
        // The best_val run's logits.npy came from best.pt: --selection best reproduces them.
        const QString run = runs_["small_cnn_best"];
        const QString best = fbtest::toQString(*scratch_ / "best.pth");
        const CliResult exported = runCli({"export-model", run, "-o", best, "--selection", "best"});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.describe()));
        QVERIFY2(!exported.err.contains(QLatin1String("not the weights")), qPrintable(exported.err));
        const CliResult finalWeights = runCli({"export-model", run, "-o", fbtest::toQString(*scratch_ / "final.pth")});
        QCOMPARE(finalWeights.exitCode, 0);
        QVERIFY2(finalWeights.err.contains(QLatin1String("not the weights the run's logits.npy came from")),
                 qPrintable(finalWeights.err));
        if (!havePyTorch_)
            QSKIP("python3-torch not installed");
        const CliResult checked = pythonCheck(best, "small_cnn", run + "/logits.npy");
        QVERIFY2(checked.exitCode == 0, qPrintable(checked.describe()));
    }

    void refusalsExitTwoAndWriteNothing()
    {
        const QString out = fbtest::toQString(*scratch_ / "refused.pth");
        const QList<std::pair<QStringList, QString>> cases = {
            {{"export-model", runs_["small_cnn"], "-o", out, "--selection", "best"}, QStringLiteral("has no best.pt")},
            {{"export-model", runs_["small_cnn"], "-o", out, "--selection", "last"}, QStringLiteral("final or best")},
            {{"export-model", runs_["small_cnn"], "-o", out, "--format", "onnx"}, QStringLiteral("pth (torch.load)")},
            {{"export-model", runs_["small_cnn"]}, QStringLiteral("needs -o FILE")},
            {{"export-model", data_, "-o", out}, QStringLiteral("is not a run folder")},
        };
        for (const auto& [arguments, message] : cases) {
            const CliResult r = runCli(arguments);
            QVERIFY2(r.exitCode == 2, qPrintable(arguments.join(' ') + "\n" + r.describe()));
            QVERIFY2(r.err.contains(message), qPrintable(arguments.join(' ') + "\n" + r.describe()));
            QVERIFY(!QFileInfo::exists(out));
        }
    }
};

QTEST_GUILESS_MAIN(TestExportModel)
#include "tst_export_model.moc"
