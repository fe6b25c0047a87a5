// Flip metrics on hand-built cases whose expected values are worked out in the comments.

#include "test_support.h"

#include "flipbench/util/errors.h"
#include "flipbench/metrics/flip_metrics.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>

namespace {

const double kLn2 = std::log(2.0);
const double kLn3 = std::log(3.0);
const double kLn4 = std::log(4.0);
const double kLn8 = std::log(8.0);

// Logits are float32, so probabilities carry ~1e-7 relative error.
bool near(double a, double b)
{
    return std::abs(a - b) < 1e-5;
}

torch::Tensor floatRows(const std::vector<std::vector<double>>& rows)
{
    torch::Tensor t = torch::zeros({int64_t(rows.size()), int64_t(rows.front().size())}, torch::kFloat32);
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t j = 0; j < rows[i].size(); ++j)
            t[int64_t(i)][int64_t(j)] = rows[i][j];
    return t;
}

torch::Tensor longs(const std::vector<int64_t>& values)
{
    return torch::tensor(values, torch::kInt64);
}

// The main case: 10 samples, 3 classes.
//
//   i  label  predA  predB   cell
//   0    0      0      0     both correct
//   1    1      1      1     both correct
//   2    2      2      2     both correct
//   3    0      0      0     both correct
//   4    0      0      1     negative flip (true 0 -> B says 1)
//   5    1      1      2     negative flip (true 1 -> B says 2)
//   6    2      2      0     negative flip (true 2 -> B says 0)
//   7    0      1      0     positive flip
//   8    1      0      2     both wrong
//   9    2      2      1     negative flip (true 2 -> B says 1)
//
// A logits put ln 3 on the predicted class and 0 elsewhere: softmax = [3/5, 1/5, 1/5], so
// p(pred) = 0.6 and p(other) = 0.2; except sample 6, [0, 0, ln 8]: softmax = [1/10, 1/10, 8/10].
// B logits put ln 2 on the predicted class: softmax = [2/4, 1/4, 1/4], p(other) = 0.25; except
// sample 9, [0, ln 4, ln 2]: softmax = [1/7, 4/7, 2/7], so p(true class 2) = 2/7.
struct Case {
    torch::Tensor logitsA, logitsB, labels;
};

std::vector<double> oneHot(int64_t cls, double value)
{
    std::vector<double> row(3, 0.0);
    row[size_t(cls)] = value;
    return row;
}

Case mainCase()
{
    const std::vector<int64_t> labels = {0, 1, 2, 0, 0, 1, 2, 0, 1, 2};
    const std::vector<int64_t> predA = {0, 1, 2, 0, 0, 1, 2, 1, 0, 2};
    const std::vector<int64_t> predB = {0, 1, 2, 0, 1, 2, 0, 0, 2, 1};
    std::vector<std::vector<double>> a, b;
    for (size_t i = 0; i < labels.size(); ++i) {
        a.push_back(oneHot(predA[i], kLn3));
        b.push_back(oneHot(predB[i], kLn2));
    }
    a[6] = {0, 0, kLn8};
    b[9] = {0, kLn4, kLn2};
    return {floatRows(a), floatRows(b), longs(labels)};
}

void checkMainCaseCounts(const flipbench::FlipReport& r)
{
    QCOMPARE(r.samples, int64_t(10));
    QCOMPARE(r.numClasses, int64_t(3));
    QCOMPARE(r.table.bothCorrect, int64_t(4));   // samples 0-3
    QCOMPARE(r.table.negativeFlips, int64_t(4)); // samples 4, 5, 6, 9
    QCOMPARE(r.table.positiveFlips, int64_t(1)); // sample 7
    QCOMPARE(r.table.bothWrong, int64_t(1));     // sample 8
    QVERIFY(near(r.accA, 0.8));                  // A correct on 0-6 and 9: 8 / 10
    QVERIFY(near(r.accB, 0.5));                  // B correct on 0-3 and 7: 5 / 10
    QVERIFY(near(r.nfr, 0.4));                   // 4 negative flips / 10
    QVERIFY(near(r.pfr, 0.1));                   // 1 positive flip / 10
    QVERIFY(near(r.nfi, 0.8));                   // 4 negative flips / 5 errors of B
    QVERIFY(near(r.btc, 0.5));                   // 4 both correct / 8 correct of A
    QVERIFY(near(r.bec, 0.5));                   // 1 both wrong / 2 wrong of A

    // [true class][B's prediction]: (0,1) sample 4, (1,2) sample 5, (2,0) sample 6, (2,1) sample 9.
    const std::vector<std::vector<int64_t>> matrix = {{0, 1, 0}, {0, 0, 1}, {1, 1, 0}};
    QCOMPARE(r.negativeFlipMatrix, matrix);

    QCOMPARE(r.negativeFlips.size(), size_t(4));
    const int64_t index[] = {4, 5, 6, 9};
    const int64_t label[] = {0, 1, 2, 2};
    const int64_t predB[] = {1, 2, 0, 1};
    for (size_t k = 0; k < 4; ++k) {
        QCOMPARE(r.negativeFlips[k].index, index[k]);
        QCOMPARE(r.negativeFlips[k].label, label[k]);
        QCOMPARE(r.negativeFlips[k].predA, label[k]); // a negative flip: A was right
        QCOMPARE(r.negativeFlips[k].predB, predB[k]);
    }
}

} // namespace

class TestFlipMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void compareLogitsHandCase()
    {
        const Case c = mainCase();
        const flipbench::FlipReport r = flipbench::compareLogits(c.logitsA, c.logitsB, c.labels);
        checkMainCaseCounts(r);

        // pTrue of the negative flips, from the softmax values in the comment above Case.
        const double pTrueA[] = {0.6, 0.6, 0.8, 0.6};
        const double pTrueB[] = {0.25, 0.25, 0.25, 2.0 / 7.0};
        for (size_t k = 0; k < 4; ++k) {
            QVERIFY2(near(r.negativeFlips[k].pTrueA, pTrueA[k]),
                     qPrintable(QString("flip %1: pTrueA %2").arg(k).arg(r.negativeFlips[k].pTrueA)));
            QVERIFY2(near(r.negativeFlips[k].pTrueB, pTrueB[k]),
                     qPrintable(QString("flip %1: pTrueB %2").arg(k).arg(r.negativeFlips[k].pTrueB)));
        }
    }

    void comparePredictionsHandCase()
    {
        const Case c = mainCase();
        const flipbench::FlipReport r =
            flipbench::comparePredictions(c.logitsA.argmax(1), c.logitsB.argmax(1), c.labels, 3);
        checkMainCaseCounts(r);
        for (const auto& flip : r.negativeFlips) {
            QCOMPARE(flip.pTrueA, 0.0);
            QCOMPARE(flip.pTrueB, 0.0);
        }
    }

    void perfectNewModelHasNoNegativeFlips()
    {
        // labels [0,1,2,1]; A predicts [0,2,2,0] (wrong on 1 and 3), B predicts the labels.
        const torch::Tensor labels = longs({0, 1, 2, 1});
        const torch::Tensor a = floatRows({oneHot(0, 1), oneHot(2, 1), oneHot(2, 1), oneHot(0, 1)});
        const torch::Tensor b = floatRows({oneHot(0, 1), oneHot(1, 1), oneHot(2, 1), oneHot(1, 1)});
        const flipbench::FlipReport r = flipbench::compareLogits(a, b, labels);
        QCOMPARE(r.table.negativeFlips, int64_t(0));
        QCOMPARE(r.table.positiveFlips, int64_t(2));
        QCOMPARE(r.table.bothCorrect, int64_t(2));
        QCOMPARE(r.table.bothWrong, int64_t(0));
        QCOMPARE(r.nfr, 0.0);
        QCOMPARE(r.nfi, 0.0);      // B makes no errors: defined as 0
        QVERIFY(near(r.pfr, 0.5)); // 2 / 4
        QVERIFY(near(r.accA, 0.5));
        QVERIFY(near(r.accB, 1.0));
        QVERIFY(near(r.bec, 0.0)); // 0 both wrong / 2 wrong of A
        QVERIFY(r.negativeFlips.empty());
    }

    void mismatchedShapesThrow()
    {
        const Case c = mainCase();
        using flipbench::UserError;
        const torch::Tensor nine = c.logitsB.slice(0, 0, 9);
        QVERIFY(fbtest::thrownMessage<UserError>([&] { flipbench::compareLogits(c.logitsA, nine, c.labels); }));
        QVERIFY(fbtest::thrownMessage<UserError>(
            [&] { flipbench::compareLogits(c.logitsA, c.logitsB, c.labels.slice(0, 0, 9)); }));
        const torch::Tensor fourClasses = torch::zeros({10, 4});
        QVERIFY(fbtest::thrownMessage<UserError>([&] { flipbench::compareLogits(c.logitsA, fourClasses, c.labels); }));
    }

    void pairwiseNfrThreeModels()
    {
        // 4 samples, 2 classes, labels [0,1,0,1].
        //   M0 predicts [0,1,0,1]: always right
        //   M1 predicts [0,1,1,0]: wrong on 2, 3
        //   M2 predicts [1,1,1,0]: wrong on 0, 2, 3
        // NFR[i][j] = #(Mi right and Mj wrong) / 4:
        //   [0][1] = #{2,3}/4 = 0.5    [1][0] = 0
        //   [0][2] = #{0,2,3}/4 = 0.75 [2][0] = 0
        //   [1][2] = #{0}/4 = 0.25     [2][1] = #{}/4 = 0  (M2 is right only on 1, M1 too)
        const torch::Tensor labels = longs({0, 1, 0, 1});
        const auto logitsOf = [](const std::vector<int64_t>& preds) {
            torch::Tensor t = torch::zeros({int64_t(preds.size()), 2});
            for (size_t i = 0; i < preds.size(); ++i)
                t[int64_t(i)][preds[i]] = 1.0;
            return t;
        };
        const auto m =
            flipbench::pairwiseNfr({logitsOf({0, 1, 0, 1}), logitsOf({0, 1, 1, 0}), logitsOf({1, 1, 1, 0})}, labels);
        const double expected[3][3] = {{0, 0.5, 0.75}, {0, 0, 0.25}, {0, 0, 0}};
        QCOMPARE(m.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(m[i].size(), size_t(3));
            for (size_t j = 0; j < 3; ++j)
                QVERIFY2(near(m[i][j], expected[i][j]),
                         qPrintable(QString("[%1][%2] = %3").arg(i).arg(j).arg(m[i][j])));
        }
    }

    void ensembleIsTheMean()
    {
        const torch::Tensor a = floatRows({{1, 2}, {3, 4}});
        const torch::Tensor b = floatRows({{3, 0}, {1, 0}});
        const torch::Tensor c = floatRows({{2, 1}, {-1, 5}});
        // ((1+3+2)/3, (2+0+1)/3) = (2, 1); ((3+1-1)/3, (4+0+5)/3) = (1, 3)
        const torch::Tensor mean = flipbench::ensembleLogits({a, b, c});
        QCOMPARE(mean.sizes().vec(), std::vector<int64_t>({2, 2}));
        QVERIFY(torch::allclose(mean, floatRows({{2, 1}, {1, 3}})));
        QVERIFY(torch::allclose(flipbench::ensembleLogits({a}), a));
    }

    void jsonHasTheDocumentedKeys()
    {
        const Case c = mainCase();
        const nlohmann::json j = flipbench::toJson(flipbench::compareLogits(c.logitsA, c.logitsB, c.labels), false);
        for (const char* key : {"acc_a", "acc_b", "nfr", "pfr", "nfi", "btc", "bec", "flip_table"})
            QVERIFY2(j.contains(key), key);
        QVERIFY(near(j.at("acc_a").get<double>(), 0.8));
        QVERIFY(near(j.at("acc_b").get<double>(), 0.5));
        QVERIFY(near(j.at("nfr").get<double>(), 0.4));
        QVERIFY(near(j.at("pfr").get<double>(), 0.1));
        QVERIFY(near(j.at("nfi").get<double>(), 0.8));
        QVERIFY(near(j.at("btc").get<double>(), 0.5));
        QVERIFY(near(j.at("bec").get<double>(), 0.5));
        const nlohmann::json& table = j.at("flip_table");
        QCOMPARE(table.at("both_correct").get<int64_t>(), int64_t(4));
        QCOMPARE(table.at("negative_flips").get<int64_t>(), int64_t(4));
        QCOMPARE(table.at("positive_flips").get<int64_t>(), int64_t(1));
        QCOMPARE(table.at("both_wrong").get<int64_t>(), int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestFlipMetrics)
#include "tst_flip_metrics.moc"
