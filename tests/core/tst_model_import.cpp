// Importing PyTorch files: torchvision state dicts and checkpoints saved by torch.save (read without
// Python), their logits against PyTorch's own, refusals naming the key, and the seed notebook's
// .result prediction files. Fixtures are written by tests/scripts/make_torch_fixtures.py with
// Debian's python3-torch and python3-torchvision; without them those cases are skipped.

#include "test_support.h"

#include <flipbench/util/atomic_file.h>
#include <flipbench/util/errors.h>
#include <flipbench/metrics/flip_metrics.h>
#include <flipbench/pytorch/model_import.h>
#include <flipbench/pytorch/npy.h>
#include <flipbench/runs/run_predictions.h>
#include <flipbench/runs/run_session.h>
#include <flipbench/pytorch/torch_file.h>
#include <flipbench/training/trainer.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#ifndef FLIPBENCH_TEST_SCRIPTS
#error "FLIPBENCH_TEST_SCRIPTS must name tests/scripts"
#endif

using fbtest::fs::path;

class TestModelImport : public QObject {
    Q_OBJECT

private:
    bool haveFixtures_ = false;
    fbtest::ScratchDir scratch_;
    path data_, fixtures_;

    flipbench::ImportRequest request(const std::string& file, const std::string& name) const
    {
        flipbench::ImportRequest r;
        r.file = fixtures_ / file;
        r.workspace = scratch_ / "ws";
        r.dataPath = data_.string();
        r.name = name;
        r.device = "cpu";
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(scratch_.isValid());
        data_ = fbtest::writeDemoData(scratch_.path() / "data", 200, 120, 3);
        fixtures_ = scratch_ / "fixtures";
        const auto probe = fbtest::runProcess("/usr/bin/python3", {"-c", "import torch, torchvision"});
        if (probe.exitCode != 0) {
            qInfo("SKIP: /usr/bin/python3 with torch and torchvision (Debian: python3-torch python3-torchvision) is "
                  "not installed, so no PyTorch fixtures can be written");
            return;
        }
        const auto made =
            fbtest::runProcess("/usr/bin/python3", {QString(FLIPBENCH_TEST_SCRIPTS) + "/make_torch_fixtures.py",
                                                    fbtest::toQString(data_), fbtest::toQString(fixtures_)});
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
        haveFixtures_ = true;
    }

    void checkpointLogitsEqualPyTorch()
    {
        if (!haveFixtures_)
            QSKIP("no PyTorch fixtures (python3-torch not installed)");
        // A DataParallel checkpoint: "module."-prefixed state_dict beside the optimizer's state.
        const auto run = flipbench::importModel(request("resnet18_checkpoint.pth.tar", "ckpt"));
        QCOMPARE(QString::fromStdString(flipbench::toString(run.readStatus().state)), QString("completed"));
        const auto ours = flipbench::readNpy(run.file("logits.npy"));
        const auto theirs = flipbench::readNpy(fixtures_ / "resnet18_checkpoint_logits.npy");
        QCOMPARE(ours.sizes().vec(), theirs.sizes().vec());
        const double maxDiff = (ours - theirs).abs().max().item<double>();
        QVERIFY2(maxDiff < 1e-4, qPrintable(QString("max |logit difference| %1").arg(maxDiff)));
        QVERIFY(run.readJson("config.json").contains("import"));
    }

    void bareStateDictImports()
    {
        if (!haveFixtures_)
            QSKIP("no PyTorch fixtures (python3-torch not installed)");
        // model.state_dict() is an OrderedDict carrying _metadata: what LibTorch 1.13's pickle_load rejects.
        const auto root = flipbench::loadTorchFile(fixtures_ / "resnet18_state_dict.pt");
        QVERIFY(root->isDict());
        QVERIFY(root->get("layer4.1.bn2.running_var"));
        QCOMPARE(QString::fromStdString(root->get("fc.weight")->describe()), QString("tensor [10 x 512]"));
        const auto run = flipbench::importModel(request("resnet18_state_dict.pt", "plain"));
        QVERIFY(fbtest::fs::exists(run.file("final.pt")));
    }

    void refusalsNameTheKey()
    {
        if (!haveFixtures_)
            QSKIP("no PyTorch fixtures (python3-torch not installed)");
        const auto before = fbtest::countEntries(scratch_ / "ws");
        auto message = fbtest::thrownMessage<flipbench::UserError>(
            [&] { flipbench::importModel(request("resnet34_state_dict.pt", "r34")); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "layer1.2.") && fbtest::contains(*message, "resnet18"), message->c_str());
        message = fbtest::thrownMessage<flipbench::UserError>(
            [&] { flipbench::importModel(request("resnet18_100classes.pt", "c100")); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "fc.") && fbtest::contains(*message, "100 classes"), message->c_str());
        auto wrongArch = request("resnet18_state_dict.pt", "as-cifar");
        wrongArch.arch = "small_cnn";
        message = fbtest::thrownMessage<flipbench::UserError>([&] { flipbench::importModel(wrongArch); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "small_cnn"), message->c_str());
        QCOMPARE(fbtest::countEntries(scratch_ / "ws"), before);
    }

    void importedModelIsAReference()
    {
        if (!haveFixtures_)
            QSKIP("no PyTorch fixtures (python3-torch not installed)");
        const auto old = flipbench::importModel(request("resnet18_checkpoint.pth.tar", "old-imported"));
        auto config = fbtest::tinyRunConfig(data_, "fd-vs-imported", 1, 1);
        config.method.name = "fd";
        config.method.reference = {old.dir().string()};
        auto prepared = flipbench::prepareNewRun(config, scratch_ / "ws");
        flipbench::NullProgressSink sink;
        const auto outcome = flipbench::trainRun(prepared.folder, prepared.config, prepared.data, sink, {});
        QVERIFY2(outcome.state == flipbench::RunState::Completed, outcome.message.c_str());
        QVERIFY(fbtest::readJsonLines(prepared.folder.file("metrics.jsonl")).back().contains("test_nfr"));
    }

    void resultFilesCompareByLabels()
    {
        if (!haveFixtures_)
            QSKIP("no PyTorch fixtures (python3-torch not installed)");
        const auto run = flipbench::importModel(request("resnet18_checkpoint.pth.tar", "result-a"));
        const auto a = flipbench::loadPredictions(run.dir());
        const auto withOutputs = flipbench::loadPredictions(fixtures_ / "with_outputs.result");
        QVERIFY(withOutputs.logits.defined());
        QVERIFY(withOutputs.fingerprint.empty());
        const auto note = flipbench::requireSameTestSet(a, withOutputs);
        QVERIFY2(fbtest::contains(note, "labels"), note.c_str());

        // The NFR of the notebook's definition, computed independently with NumPy by the fixture script.
        const auto shifted = flipbench::loadPredictions(fixtures_ / "shifted.result");
        QVERIFY(!shifted.logits.defined());
        flipbench::requireSameTestSet(a, shifted);
        const auto report = flipbench::comparePredictions(a.predictions, shifted.predictions, a.labels, 10);
        const auto expected = nlohmann::json::parse(flipbench::readFile(fixtures_ / "shifted_expected.json"));
        QCOMPARE(report.nfr, expected["nfr"].get<double>());
        QCOMPARE(report.pfr, expected["pfr"].get<double>());
        QCOMPARE(report.accA, expected["acc_a"].get<double>());
        QCOMPARE(report.accB, expected["acc_b"].get<double>());
        QCOMPARE(report.table.negativeFlips, expected["negative_flips"].get<int64_t>());

        const auto other = flipbench::loadPredictions(fixtures_ / "other_labels.result");
        QVERIFY(fbtest::thrownMessage<flipbench::UserError>([&] { flipbench::requireSameTestSet(a, other); }));
    }

    void malformedPickleIsADataError()
    {
        // Forged data.pkl members: a length that would wrap around, pops from an empty stack, a
        // MARK above the stack, a non-string class name, a file cut after PROTO. Each must be a
        // DataError, never a crash or a hang.
        const QString script =
            "import sys, zipfile\n"
            "cases = {'overflow': b'\\x80\\x02\\x8d\\xf7' + b'\\xff' * 7,\n"
            "  'emptystack': b'\\x80\\x02q\\x00.', 'markabove': b'\\x80\\x02N(bt.',\n"
            "  'stackglobal': b'\\x80\\x02K\\x01K\\x02\\x93.', 'truncated': b'\\x80'}\n"
            "for name, data in cases.items():\n"
            "    with zipfile.ZipFile(sys.argv[1] + '/' + name + '.pt', 'w', zipfile.ZIP_STORED) as z:\n"
            "        z.writestr('archive/data.pkl', data)\n";
        const auto made = fbtest::runProcess("/usr/bin/python3", {"-c", script, fbtest::toQString(scratch_.path())});
        if (made.exitCode != 0)
            QSKIP("/usr/bin/python3 is not available to write the forged archives");
        for (const char* name : {"overflow", "emptystack", "markabove", "stackglobal", "truncated"}) {
            const auto file = scratch_ / (std::string(name) + ".pt");
            const auto message = fbtest::thrownMessage<flipbench::DataError>([&] { flipbench::loadTorchFile(file); });
            QVERIFY2(message, name);
            QVERIFY2(fbtest::contains(*message, "pickled data"), message->c_str());
        }
    }

    void notATorchFile()
    {
        fbtest::writeText(scratch_ / "notes.pt", "just some text, certainly not a ZIP archive\n");
        const auto message =
            fbtest::thrownMessage<flipbench::DataError>([&] { flipbench::loadTorchFile(scratch_ / "notes.pt"); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "notes.pt") && fbtest::contains(*message, "torch.save"), message->c_str());
        QVERIFY(
            fbtest::thrownMessage<flipbench::DataError>([&] { flipbench::loadTorchFile(scratch_ / "missing.pt"); }));
    }
};

QTEST_GUILESS_MAIN(TestModelImport)
#include "tst_model_import.moc"
