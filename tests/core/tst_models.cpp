// The model zoo: output shapes, and ResNet-18 parameter names identical to torchvision's
// state_dict, so that a torchvision checkpoint maps one to one.

#include <flipbench/models/classifier.h>
#include <flipbench/util/errors.h>

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <cmath>
#include <set>

namespace {

/// torchvision.models.resnet18().state_dict().keys(), generated from its structure: a stem
/// (conv1, bn1), four layers of two BasicBlocks, a downsample (1x1 conv + BN) in the first block of
/// layers 2-4, and fc.
std::set<std::string> torchvisionResnet18Keys()
{
    const auto bn = [](const std::string& prefix) {
        return std::vector<std::string>{prefix + ".weight", prefix + ".bias", prefix + ".running_mean",
                                        prefix + ".running_var", prefix + ".num_batches_tracked"};
    };
    std::set<std::string> keys = {"conv1.weight", "fc.weight", "fc.bias"};
    for (const auto& k : bn("bn1"))
        keys.insert(k);
    for (int layer = 1; layer <= 4; ++layer)
        for (int block = 0; block < 2; ++block) {
            const std::string p = "layer" + std::to_string(layer) + "." + std::to_string(block) + ".";
            keys.insert(p + "conv1.weight");
            keys.insert(p + "conv2.weight");
            for (const auto& name : {"bn1", "bn2"})
                for (const auto& k : bn(p + name))
                    keys.insert(k);
            if (layer > 1 && block == 0) {
                keys.insert(p + "downsample.0.weight");
                for (const auto& k : bn(p + "downsample.1"))
                    keys.insert(k);
            }
        }
    return keys;
}

std::set<std::string> stateDictKeys(const flipbench::Classifier& model)
{
    std::set<std::string> keys;
    for (const auto& p : model->named_parameters())
        keys.insert(p.key());
    for (const auto& b : model->named_buffers())
        keys.insert(b.key());
    return keys;
}

int64_t parameterCount(const flipbench::Classifier& model)
{
    int64_t count = 0;
    for (const auto& p : model->parameters())
        count += p.numel();
    return count;
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void outputShapes_data()
    {
        QTest::addColumn<QString>("arch");
        for (const auto& arch : flipbench::knownArchitectures())
            QTest::newRow(arch.c_str()) << QString::fromStdString(arch);
    }

    void outputShapes()
    {
        QFETCH(QString, arch);
        torch::manual_seed(0);
        auto model = flipbench::makeClassifier(arch.toStdString(), 7);
        model->eval();
        torch::NoGradGuard noGrad;
        const auto logits = model->forward(torch::randn({3, 3, 32, 32}));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{3, 7}));
        QVERIFY(torch::isfinite(logits).all().item<bool>());
    }

    void resnet18MatchesTorchvisionStateDict()
    {
        const auto model = flipbench::makeClassifier("resnet18", 10);
        const auto expected = torchvisionResnet18Keys();
        const auto actual = stateDictKeys(model);
        for (const auto& key : expected)
            QVERIFY2(actual.count(key), ("missing torchvision key " + key).c_str());
        for (const auto& key : actual)
            QVERIFY2(expected.count(key), ("key not in torchvision's state_dict: " + key).c_str());
        QCOMPARE(actual.size(), size_t(122));
        // torchvision resnet18 has 11,689,512 parameters with 1000 classes; fc is 512*C + C, so with
        // 10 classes: 11,689,512 - 513 * 1000 + 513 * 10 = 11,181,642.
        QCOMPARE(parameterCount(model), int64_t(11181642));
    }

    void stemsDiffer()
    {
        const auto imagenet = flipbench::makeClassifier("resnet18", 10);
        const auto cifar = flipbench::makeClassifier("resnet18_cifar", 10);
        const auto conv1 = [](const flipbench::Classifier& m) {
            return m->named_parameters()["conv1.weight"].sizes().vec();
        };
        QCOMPARE(conv1(imagenet), (std::vector<int64_t>{64, 3, 7, 7}));
        QCOMPARE(conv1(cifar), (std::vector<int64_t>{64, 3, 3, 3}));
        QCOMPARE(stateDictKeys(cifar), stateDictKeys(imagenet));
    }

    void fcKeepsPyTorchsDefaultInit()
    {
        // torchvision and the reference leave fc as nn.Linear initialises it (reference
        // ConstrainedUpgrade/networks/resnet.py:171 creates it; the init loop at 176-181 touches only
        // convs and norms): weight and bias uniform in +-1/sqrt(fan_in) = +-1/sqrt(512) = +-0.0442,
        // so the weight's std is bound/sqrt(3) = 0.0255.
        torch::manual_seed(1);
        const auto model = flipbench::makeClassifier("resnet18", 10);
        auto params = model->named_parameters();
        const double bound = 1 / std::sqrt(512.0);
        QVERIFY(params["fc.weight"].abs().max().item<double>() <= bound);
        QVERIFY(params["fc.bias"].abs().max().item<double>() <= bound);
        QVERIFY(params["fc.bias"].abs().max().item<double>() > 0); // not zeroed
        double std = params["fc.weight"].std().item<double>();
        QVERIFY2(std > 0.0255 * 0.9 && std < 0.0255 * 1.1, QByteArray::number(std));

        // model.fc_init "kaiming_fan_out" is the reference's --reinit_linear (train.py:643-647):
        // kaiming-normal fan_out (= 10 outputs), relu gain: std = sqrt(2 / 10) = 0.447, about 17x larger;
        // bias 0.
        flipbench::reinitClassifierLayer(*model);
        params = model->named_parameters();
        QVERIFY(params["fc.bias"].eq(0).all().item<bool>());
        std = params["fc.weight"].std().item<double>();
        QVERIFY2(std > 0.38 && std < 0.52, QByteArray::number(std));
        const auto small = flipbench::makeClassifier("small_cnn", 10);
        flipbench::reinitClassifierLayer(*small); // every architecture names its classifier fc
        QVERIFY(small->named_parameters()["fc.bias"].eq(0).all().item<bool>());
    }

    void sameSeedSameWeights()
    {
        torch::manual_seed(5);
        const auto a = flipbench::makeClassifier("small_cnn", 10);
        torch::manual_seed(5);
        const auto b = flipbench::makeClassifier("small_cnn", 10);
        const auto pa = a->parameters(), pb = b->parameters();
        QCOMPARE(pa.size(), pb.size());
        for (size_t i = 0; i < pa.size(); ++i)
            QVERIFY(torch::equal(pa[i], pb[i]));
    }

    void unknownArchitectureIsAConfigError()
    {
        try {
            flipbench::makeClassifier("vgg11", 10);
            QFAIL("expected a ConfigError");
        } catch (const flipbench::ConfigError& e) {
            QVERIFY(QString(e.what()).startsWith("model.arch"));
            QVERIFY(QString(e.what()).contains("small_cnn"));
        }
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
