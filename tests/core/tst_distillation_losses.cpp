// Focal Distillation and Logit Difference Inhibition on small fixed logits. Every expected value
// is worked out by hand in the comments.

#include <flipbench/methods/distillation_losses.h>
#include <flipbench/util/errors.h>

#include <QProcess>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>

using namespace flipbench;

namespace {

torch::Tensor rows(std::initializer_list<std::initializer_list<float>> values)
{
    std::vector<torch::Tensor> list;
    for (const auto& row : values)
        list.push_back(torch::tensor(std::vector<float>(row)));
    return torch::stack(list);
}

double value(const torch::Tensor& t)
{
    return t.item<double>();
}

// Three samples, three classes, for the L2 divergence and the focus filters:
//   s0: label 0, old [2,0,0] (right), new [0,1,0] (wrong: a negative flip); diff [-2,1,0] -> (4+1+0)/3 = 5/3
//   s1: label 1, old [0,0,1] (wrong), new [1,0,0] (wrong);                   diff [1,0,-1] -> 2/3
//   s2: label 2, old [0,0,3] (right), new [0,2,3] (right);                   diff [0,2,0]  -> 4/3
const auto kOld = [] { return rows({{2, 0, 0}, {0, 0, 1}, {0, 0, 3}}); };
const auto kNew = [] { return rows({{0, 1, 0}, {1, 0, 0}, {0, 2, 3}}); };
const auto kLabels = [] { return torch::tensor(std::vector<int64_t>{0, 1, 2}); };

FocalDistillationOptions l2(FocusFilter filter, double base, double scale)
{
    FocalDistillationOptions o;
    o.divergence = "l2";
    o.filter = filter;
    o.filterBase = base;
    o.filterScale = scale;
    return o;
}

} // namespace

class TestDistillationLosses : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void l2WithEachFilter_data()
    {
        QTest::addColumn<int>("filter");
        QTest::addColumn<double>("base");
        QTest::addColumn<double>("scale");
        QTest::addColumn<double>("expected");
        // all_pass weighs every sample 1: (5/3 + 2/3 + 4/3) / 3 = 11/9.
        QTest::newRow("all_pass") << int(FocusFilter::AllPass) << 0.0 << 1.0 << 11.0 / 9;
        // old right: s0, s2 -> (5/3 + 4/3) / 3 = 1.
        QTest::newRow("old_correct 0+1") << int(FocusFilter::OldCorrect) << 0.0 << 1.0 << 1.0;
        // weights 1 + 5 * [old right] = [6, 1, 6]: (6*5/3 + 2/3 + 6*4/3) / 3 = (56/3) / 3 = 56/9.
        QTest::newRow("old_correct 1+5") << int(FocusFilter::OldCorrect) << 1.0 << 5.0 << 56.0 / 9;
        // negative flip: s0 only -> (5/3) / 3 = 5/9.
        QTest::newRow("neg_flip") << int(FocusFilter::NegativeFlip) << 0.0 << 1.0 << 5.0 / 9;
        // new wrong: s0, s1 -> (5/3 + 2/3) / 3 = 7/9.
        QTest::newRow("new_incorrect") << int(FocusFilter::NewIncorrect) << 0.0 << 1.0 << 7.0 / 9;
        // base 2, scale 3 on neg_flip: weights [5, 2, 2]: (25/3 + 4/3 + 8/3) / 3 = (37/3) / 3 = 37/9.
        QTest::newRow("neg_flip 2+3") << int(FocusFilter::NegativeFlip) << 2.0 << 3.0 << 37.0 / 9;
    }

    void l2WithEachFilter()
    {
        QFETCH(int, filter);
        QFETCH(double, base);
        QFETCH(double, scale);
        QFETCH(double, expected);
        const auto loss = focalDistillationLoss(kNew(), kOld(), kLabels(), l2(FocusFilter(filter), base, scale));
        QVERIFY2(std::abs(value(loss) - expected) < 1e-6, qPrintable(QString::number(value(loss))));
    }

    void klAtTemperatureOneAndTwo()
    {
        // Two classes, label 0, all_pass. old [0, 0] -> p_old = [1/2, 1/2]; new [ln 3, 0] -> p_new = [3/4, 1/4].
        // KL(p_old || p_new) = 1/2 ln((1/2)/(3/4)) + 1/2 ln((1/2)/(1/4)) = 1/2 ln(2/3) + 1/2 ln 2 = 1/2 ln(4/3) =
        // 0.1438410.
        FocalDistillationOptions o;
        o.filter = FocusFilter::AllPass;
        const auto labels = torch::tensor(std::vector<int64_t>{0});
        const double ln3 = std::log(3.0);
        auto loss = focalDistillationLoss(rows({{float(ln3), 0}}), rows({{0, 0}}), labels, o);
        QVERIFY2(std::abs(value(loss) - 0.5 * std::log(4.0 / 3)) < 1e-6, qPrintable(QString::number(value(loss))));
        // T = 2 with logits twice as large gives the same distributions, times T^2 = 4: 0.5753641.
        o.temperature = 2;
        loss = focalDistillationLoss(rows({{float(2 * ln3), 0}}), rows({{0, 0}}), labels, o);
        QVERIFY2(std::abs(value(loss) - 2 * std::log(4.0 / 3)) < 1e-5, qPrintable(QString::number(value(loss))));
    }

    void klIsZeroForEqualLogits()
    {
        FocalDistillationOptions o;
        o.temperature = 100;
        QVERIFY(std::abs(value(focalDistillationLoss(kOld(), kOld(), kLabels(), o))) < 1e-6);
    }

    void gradientFlowsOnlyIntoTheNewModel()
    {
        const auto newLogits = kNew().requires_grad_(true);
        const auto oldLogits = kOld().requires_grad_(true);
        FocalDistillationOptions o;
        focalDistillationLoss(newLogits, oldLogits, kLabels(), o).backward();
        QVERIFY(newLogits.grad().defined());
        QVERIFY(newLogits.grad().abs().sum().item<double>() > 0);
        QVERIFY(!oldLogits.grad().defined());
    }

    void ldiOptions_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<bool>("excludeGt");
        QTest::addColumn<int>("topK");
        QTest::addColumn<bool>("oneSided");
        QTest::addColumn<double>("expected");
        // One sample, label 0, margin 0.5: new [1, 0.2, -1], old [0, 0.5, 0.1].
        // |diff| = [1, 0.3, 1.1]; minus margin [0.5, -0.2, 0.6]; clamped at 1e-7: [0.5, 1e-7, 0.6].
        // p = 2: [0.25, 1e-14, 0.36], mean over 3 classes = 0.61/3.
        QTest::newRow("all classes") << 2.0 << false << 0 << false << 0.61 / 3;
        // p = 1: (0.5 + 1e-7 + 0.6) / 3.
        QTest::newRow("p 1") << 1.0 << false << 0 << false << (1.1 + 1e-7) / 3;
        // exclude_gt zeroes class 0 but still divides by all C = 3 columns, as the reference does
        // (ConstrainedUpgrade/losses.py:147 masks with 1 - one_hot, :154 takes mean(1)):
        // (0 + 1e-14 + 0.36) / 3 = 0.12.
        QTest::newRow("exclude_gt") << 2.0 << true << 0 << false << 0.12;
        // top-1 old logit is class 1 (0.5): only its 1e-14 counts, over 3 columns.
        QTest::newRow("top 1") << 2.0 << false << 1 << false << 1e-14 / 3;
        // top-2 old logits: classes 1 (0.5) and 2 (0.1): (1e-14 + 0.36) / 3 = 0.12.
        QTest::newRow("top 2") << 2.0 << false << 2 << false << 0.12;
        // exclude_gt and top-2 among classes 1, 2: the same two classes, 0.12.
        QTest::newRow("exclude_gt top 2") << 2.0 << true << 2 << false << 0.12;
        // top-k >= C means every class: 0.61/3.
        QTest::newRow("top 3") << 2.0 << false << 3 << false << 0.61 / 3;
        // one-sided (losses.py:121-127): d = new - old = [1, -0.3, -1.1]; d - 0.5 = [0.5, -0.8, -1.6],
        // clamped at 0 (not 1e-7): [0.5, 0, 0]; p = 2: [0.25, 0, 0]; mean over 3 = 0.25/3.
        QTest::newRow("one-sided") << 2.0 << false << 0 << true << 0.25 / 3;
        // one-sided with exclude_gt: class 0 masked, the rest are 0: 0.
        QTest::newRow("one-sided exclude_gt") << 2.0 << true << 0 << true << 0.0;
    }

    void ldiOptions()
    {
        QFETCH(double, p);
        QFETCH(bool, excludeGt);
        QFETCH(int, topK);
        QFETCH(bool, oneSided);
        QFETCH(double, expected);
        LogitDifferenceOptions o;
        o.p = p;
        o.margin = 0.5;
        o.excludeGroundTruth = excludeGt;
        o.topK = topK;
        o.oneSided = oneSided;
        const auto loss = logitDifferenceLoss(rows({{1, 0.2f, -1}}), rows({{0, 0.5f, 0.1f}}),
                                              torch::tensor(std::vector<int64_t>{0}), o);
        QVERIFY2(std::abs(value(loss) - expected) < 1e-6, qPrintable(QString::number(value(loss))));
    }

    void ldiExcludesTheTrueClassByDefault()
    {
        // train.py:329 declares --li_exclude_gt with default=True and action store_true: always on.
        QVERIFY(LogitDifferenceOptions().excludeGroundTruth);
    }

    void fdBatchMeanWeighting()
    {
        // The reference's KL mode: weights (N,1) (losses.py:396) times the KL loss (N,) (410-412),
        // .mean() (438) broadcasts to N x N, which is mean(w) * mean(D). On the L2 fixture with
        // old_correct 1+5: w = [6, 1, 6], D = [5/3, 2/3, 4/3]:
        // mean(w) * mean(D) = (13/3) * (11/9) = 143/27 = 5.296296, against per sample 56/9 = 6.222222.
        auto o = l2(FocusFilter::OldCorrect, 1, 5);
        o.weighting = FocusWeighting::BatchMean;
        auto loss = focalDistillationLoss(kNew(), kOld(), kLabels(), o);
        QVERIFY2(std::abs(value(loss) - 143.0 / 27) < 1e-6, qPrintable(QString::number(value(loss))));
        // all_pass weighs every sample 1: both weightings agree, 11/9.
        o.filter = FocusFilter::AllPass;
        loss = focalDistillationLoss(kNew(), kOld(), kLabels(), o);
        QVERIFY2(std::abs(value(loss) - 11.0 / 9) < 1e-6, qPrintable(QString::number(value(loss))));
        // KL, two samples, label 0 both, old_correct 0+1, T = 1: s0 old [ln 3, 0] (right), new [0, 0]:
        // p_old = [3/4, 1/4], p_new = [1/2, 1/2], KL = 3/4 ln(3/2) + 1/4 ln(1/2) = 0.1308525;
        // s1 old [0, ln 3] (wrong), new = old: KL 0. w = [1, 0].
        // batch_mean: mean(w) * mean(KL) = 1/2 * 0.1308525/2 = 0.0327131; per sample: 0.1308525/2.
        FocalDistillationOptions kl;
        kl.filter = FocusFilter::OldCorrect;
        kl.filterBase = 0;
        kl.filterScale = 1;
        const float ln3 = float(std::log(3.0));
        const auto oldLogits = rows({{ln3, 0}, {0, ln3}});
        const auto newLogits = rows({{0, 0}, {0, ln3}});
        const auto labels = torch::tensor(std::vector<int64_t>{0, 0});
        const double klS0 = 0.75 * std::log(1.5) + 0.25 * std::log(0.5);
        kl.weighting = FocusWeighting::BatchMean;
        loss = focalDistillationLoss(newLogits, oldLogits, labels, kl);
        QVERIFY2(std::abs(value(loss) - klS0 / 4) < 1e-6, qPrintable(QString::number(value(loss))));
        kl.weighting = FocusWeighting::PerSample;
        loss = focalDistillationLoss(newLogits, oldLogits, labels, kl);
        QVERIFY2(std::abs(value(loss) - klS0 / 2) < 1e-6, qPrintable(QString::number(value(loss))));
    }

    void matchesTheReferenceFormulasInNumpy()
    {
        // tests/scripts/reference_losses.py writes the reference's formulas out in numpy (shapes and
        // broadcasting as in losses.py) on random logits; every value must match Flipbench's.
        QProcess python;
        python.start("/usr/bin/python3", {QStringLiteral(FLIPBENCH_TEST_SCRIPTS "/reference_losses.py")});
        if (!python.waitForStarted(10000) || !python.waitForFinished(60000) || python.exitCode() != 0) {
            const QByteArray why = python.readAllStandardError();
            if (why.contains("No module named") || python.error() == QProcess::FailedToStart)
                QSKIP("python3 with numpy is not available");
            QFAIL(qPrintable("reference_losses.py failed: " + why));
        }
        const auto cases = nlohmann::json::parse(python.readAllStandardOutput().toStdString());
        const auto tensorOf = [](const nlohmann::json& rowsJson) {
            std::vector<torch::Tensor> list;
            for (const auto& row : rowsJson)
                list.push_back(torch::tensor(row.get<std::vector<float>>()));
            return torch::stack(list);
        };
        const auto newLogits = tensorOf(cases.at("new"));
        const auto oldLogits = tensorOf(cases.at("old"));
        const auto labels = torch::tensor(cases.at("labels").get<std::vector<int64_t>>());
        int checked = 0;
        for (const auto& c : cases.at("cases")) {
            const std::string name = c.at("name");
            double got = 0;
            if (c.at("kind") == "fd") {
                FocalDistillationOptions o;
                o.divergence = c.at("divergence");
                o.temperature = c.at("temperature");
                o.filter = focusFilterFromString(c.at("filter"));
                o.filterBase = c.at("base");
                o.filterScale = c.at("scale");
                o.weighting = focusWeightingFromString(c.at("weighting"));
                got = value(focalDistillationLoss(newLogits, oldLogits, labels, o));
            } else {
                LogitDifferenceOptions o;
                o.p = c.at("p");
                o.margin = c.at("margin");
                o.oneSided = c.at("one_sided");
                o.excludeGroundTruth = true; // the reference always excludes it
                got = value(logitDifferenceLoss(newLogits, oldLogits, labels, o));
            }
            const double expected = c.at("expected");
            QVERIFY2(std::abs(got - expected) <= 1e-5 * std::max(1.0, std::abs(expected)),
                     qPrintable(QString("%1: Flipbench %2, reference formula %3")
                                    .arg(QString::fromStdString(name))
                                    .arg(got, 0, 'g', 9)
                                    .arg(expected, 0, 'g', 9)));
            ++checked;
        }
        QCOMPARE(checked, 7);
    }

    void ldiBatchMean()
    {
        // Default options (exclude_gt on, as the reference). Two samples, label 0: the first as above
        // with class 0 masked, (0 + 1e-14 + 0.36) / 3 = 0.12; the second has identical logits, each
        // unmasked class max(0 - 0.5, 1e-7)^2 = 1e-14, so 2e-14 / 3. Batch mean: 0.06.
        LogitDifferenceOptions o;
        const auto loss = logitDifferenceLoss(rows({{1, 0.2f, -1}, {3, 1, 2}}), rows({{0, 0.5f, 0.1f}, {3, 1, 2}}),
                                              torch::tensor(std::vector<int64_t>{0, 0}), o);
        QVERIFY2(std::abs(value(loss) - 0.06) < 1e-6, qPrintable(QString::number(value(loss))));
    }

    void combination()
    {
        const auto ce = torch::tensor(2.0), reg = torch::tensor(3.0);
        // kd_alpha 0.9, weight 1: 0.9 * 1 * 3 + 0.1 * 2 = 2.9.
        QVERIFY(std::abs(value(combineLosses(ce, reg, 0.9, 1.0)) - 2.9) < 1e-6); // float32 tensors
        // kd_alpha 0.5, weight 2: 0.5 * 2 * 3 + 0.5 * 2 = 4.
        QVERIFY(std::abs(value(combineLosses(ce, reg, 0.5, 2.0)) - 4.0) < 1e-6); // float32 tensors
        // kd_alpha unset, weight 0.5: 2 + 0.5 * 3 = 3.5.
        QVERIFY(std::abs(value(combineLosses(ce, reg, std::nullopt, 0.5)) - 3.5) < 1e-6); // float32 tensors
    }

    void filterNames()
    {
        for (const char* name : {"all_pass", "old_correct", "neg_flip", "new_incorrect"})
            QCOMPARE(QString::fromStdString(toString(focusFilterFromString(name))), QString(name));
        QVERIFY_THROWS_EXCEPTION(ConfigError, focusFilterFromString("everything"));
    }
};

QTEST_GUILESS_MAIN(TestDistillationLosses)
#include "tst_distillation_losses.moc"
