// Focal Distillation and Logit Difference Inhibition on small fixed logits. Every expected value
// is worked out by hand in the comments.

#include <flipbench/distillation_losses.h>
#include <flipbench/errors.h>

#include <QtTest/QtTest>
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
        QTest::addColumn<double>("expected");
        // One sample, label 0, margin 0.5: new [1, 0.2, -1], old [0, 0.5, 0.1].
        // |diff| = [1, 0.3, 1.1]; minus margin [0.5, -0.2, 0.6]; clamped at 1e-7: [0.5, 1e-7, 0.6].
        // p = 2: [0.25, 1e-14, 0.36], mean over 3 classes = 0.61/3.
        QTest::newRow("all classes") << 2.0 << false << 0 << 0.61 / 3;
        // p = 1: (0.5 + 1e-7 + 0.6) / 3.
        QTest::newRow("p 1") << 1.0 << false << 0 << (1.1 + 1e-7) / 3;
        // exclude_gt drops class 0: (1e-14 + 0.36) / 2 = 0.18.
        QTest::newRow("exclude_gt") << 2.0 << true << 0 << 0.18;
        // top-1 old logit is class 1 (0.5): 1e-14.
        QTest::newRow("top 1") << 2.0 << false << 1 << 1e-14;
        // top-2 old logits: classes 1 (0.5) and 2 (0.1): (1e-14 + 0.36) / 2 = 0.18.
        QTest::newRow("top 2") << 2.0 << false << 2 << 0.18;
        // exclude_gt and top-2 among classes 1, 2: the same two classes, 0.18.
        QTest::newRow("exclude_gt top 2") << 2.0 << true << 2 << 0.18;
        // top-k >= C means every class: 0.61/3.
        QTest::newRow("top 3") << 2.0 << false << 3 << 0.61 / 3;
    }

    void ldiOptions()
    {
        QFETCH(double, p);
        QFETCH(bool, excludeGt);
        QFETCH(int, topK);
        QFETCH(double, expected);
        LogitDifferenceOptions o;
        o.p = p;
        o.margin = 0.5;
        o.excludeGroundTruth = excludeGt;
        o.topK = topK;
        const auto loss = logitDifferenceLoss(rows({{1, 0.2f, -1}}), rows({{0, 0.5f, 0.1f}}),
                                              torch::tensor(std::vector<int64_t>{0}), o);
        QVERIFY2(std::abs(value(loss) - expected) < 1e-6, qPrintable(QString::number(value(loss))));
    }

    void ldiBatchMean()
    {
        // Two samples: the first as above (0.61/3), the second identical logits: each class
        // max(0 - 0.5, 1e-7)^2 = 1e-14. Batch mean: (0.61/3 + 1e-14) / 2 = 0.1016667.
        LogitDifferenceOptions o;
        const auto loss = logitDifferenceLoss(rows({{1, 0.2f, -1}, {3, 1, 2}}), rows({{0, 0.5f, 0.1f}, {3, 1, 2}}),
                                              torch::tensor(std::vector<int64_t>{0, 0}), o);
        QVERIFY2(std::abs(value(loss) - 0.61 / 6) < 1e-6, qPrintable(QString::number(value(loss))));
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
