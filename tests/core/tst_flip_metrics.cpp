// Flip metrics on hand-built cases whose expected values are worked out in the comments, and the
// comparisons built on them (flipbench/compare): loading a side, outcomes, pairwise NFR, Pareto
// front, sample history and the test images.

#include "flip_fixture.h"
#include "test_support.h"

#include "flipbench/compare/flip_comparison.h"
#include "flipbench/compare/model_comparison.h"
#include "flipbench/compare/model_loader.h"
#include "flipbench/compare/pairwise_comparison.h"
#include "flipbench/compare/pareto_front.h"
#include "flipbench/compare/sample_history.h"
#include "flipbench/compare/test_images.h"
#include "flipbench/util/errors.h"
#include "flipbench/metrics/flip_metrics.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>

namespace fs = std::filesystem;

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
    QVERIFY(near(r.bec, 0.2));                   // 1 both wrong / 5 wrong of B

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
        QVERIFY(near(r.bec, 1.0)); // B makes no errors: none of them new
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
        QVERIFY(near(j.at("bec").get<double>(), 0.2));
        const nlohmann::json& table = j.at("flip_table");
        QCOMPARE(table.at("both_correct").get<int64_t>(), int64_t(4));
        QCOMPARE(table.at("negative_flips").get<int64_t>(), int64_t(4));
        QCOMPARE(table.at("positive_flips").get<int64_t>(), int64_t(1));
        QCOMPARE(table.at("both_wrong").get<int64_t>(), int64_t(1));
    }

    void comparisonFromLogitsGivesEachSamplesOutcome()
    {
        // Labels 0, 1, 1. A predicts 0, 1, 0 (right, right, wrong); B predicts 1, 1, 1.
        // Sample 0: negative flip, 1: both correct, 2: positive flip.
        const std::vector<float> a{2, 0, 0, 1, 1, 0};
        const std::vector<float> b{0, 2, 0, 3, 0, 1};
        const auto c = flipbench::comparisonFromLogits(a, b, {0, 1, 1}, 2, {"cat", "dog"});
        QCOMPARE(c.numClasses, 2);
        QCOMPARE(c.classNames, std::vector<std::string>({"cat", "dog"}));
        QVERIFY(c.hasProbabilities);
        QCOMPARE(int(c.samples.size()), 3);
        QCOMPARE(c.samples[0].outcome(), flipbench::FlipOutcome::NegativeFlip);
        QCOMPARE(c.samples[1].outcome(), flipbench::FlipOutcome::BothCorrect);
        QCOMPARE(c.samples[2].outcome(), flipbench::FlipOutcome::PositiveFlip);
        QCOMPARE(std::string(toString(c.samples[0].outcome())), std::string("negative_flip"));
        QCOMPARE(c.samples[2].predA, 0);
        QCOMPARE(c.samples[2].predB, 1);
        // p(true) of sample 0: softmax(2, 0)[0] = 1 / (1 + e^-2) under A, softmax(0, 2)[0] under B.
        QVERIFY(near(c.samples[0].pTrueA, 1.0 / (1.0 + std::exp(-2.0))));
        QVERIFY(near(c.samples[0].pTrueB, 1.0 / (1.0 + std::exp(2.0))));
        QVERIFY(near(c.samples[1].confB, 1.0 / (1.0 + std::exp(-3.0))));
        QCOMPARE(int(c.probsA.size()), 6);
        QVERIFY(near(c.probsA[4] + c.probsA[5], 1.0));
        QVERIFY(near(c.report.accA, 2.0 / 3));
        QVERIFY(near(c.report.accB, 2.0 / 3));
        QVERIFY(near(c.report.nfr, 1.0 / 3));
        QVERIFY(near(c.report.pfr, 1.0 / 3));
        QCOMPARE(c.report.negativeFlipMatrix[0][1], int64_t(1));
        const auto shapes = fbtest::thrownMessage<flipbench::UserError>([&] {
            flipbench::comparisonFromLogits(a, {1, 2}, {0, 1, 1}, 2);
        });
        QVERIFY(shapes && shapes->find("3 x 2") != std::string::npos);
    }

    void predictionsOnOneSideUseThePredictedClasses()
    {
        // A has 3-class logits; B (a .result without outputs) predicts class 4 once: 5 classes.
        flipbench::RunPredictions a, b;
        a.logits = floatRows({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        a.predictions = a.logits.argmax(1);
        a.labels = longs({0, 1, 2});
        b.predictions = longs({4, 1, 0});
        b.labels = a.labels;
        QVERIFY(!flipbench::comparesLogits(a, b));
        QCOMPARE(flipbench::inferNumClasses(a, b), int64_t(5));
        const flipbench::FlipReport r = flipbench::compareModels(a, b);
        QCOMPARE(r.numClasses, int64_t(5));
        QCOMPARE(r.table.negativeFlips, int64_t(2)); // samples 0 and 2
        QCOMPARE(r.negativeFlipMatrix[0][4], int64_t(1));
        QCOMPARE(r.negativeFlipMatrix[2][0], int64_t(1));
        const flipbench::ModelComparison c = flipbench::buildModelComparison(a, b);
        QVERIFY(!c.hasProbabilities && c.probsA.empty());
        QVERIFY(std::isnan(c.samples[0].pTrueA));
        QCOMPARE(c.classNames.back(), std::string("4")); // unnamed classes are numbered
        // Both with logits: their width, whatever the predicted values.
        b.logits = floatRows({{0, 0, 1}, {0, 1, 0}, {1, 0, 0}});
        QCOMPARE(flipbench::inferNumClasses(a, b), int64_t(3));
    }

    void modelSourcesLoadRunsAndEnsembles()
    {
        fbtest::ScratchDir scratch;
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch / "data");
        const torch::Tensor labels = data.test.labels.to(torch::kInt64);
        // X is right everywhere (logit 2 on the label). Y puts 3 on label + 1 for samples 0..5 and
        // agrees with X on 6..11. Their mean: 1 vs 1.5 on 0..5 (wrong), right on 6..11.
        torch::Tensor x = torch::zeros({12, fbtest::kFlipClasses}), y = torch::zeros({12, fbtest::kFlipClasses});
        for (int64_t i = 0; i < 12; ++i) {
            const int64_t label = labels[i].item<int64_t>();
            x[i][label] = 2.0f;
            if (i < 6)
                y[i][(label + 1) % fbtest::kFlipClasses] = 3.0f;
            else
                y[i][label] = 2.0f;
        }
        const fs::path ws = scratch / "ws";
        const auto runX = fbtest::toPath(fbtest::writeCompletedRun(ws, "runX", x, data, data.test.labels, fingerprint));
        const auto runY = fbtest::toPath(fbtest::writeCompletedRun(ws, "runY", y, data, data.test.labels, fingerprint));

        const auto ensemble = flipbench::ModelSource::ensembleOf({runX, runY});
        QCOMPARE(ensemble.displayName(), std::string("Ensemble (runX + runY)"));
        QCOMPARE(ensemble.describe(), runX.string() + "," + runY.string());
        QCOMPARE(flipbench::ModelSource::single(ws / "runX/").displayName(), std::string("runX"));
        const flipbench::RunPredictions loaded = flipbench::loadModel(ensemble);
        QCOMPARE(loaded.name, std::string("Ensemble (runX + runY)"));
        QVERIFY(torch::allclose(loaded.logits, (x + y) / 2));

        const auto c = flipbench::compareModelSources(ensemble, flipbench::ModelSource::single(runX));
        QCOMPARE(c.report.table.positiveFlips, int64_t(6)); // samples 0..5
        QCOMPARE(c.report.table.negativeFlips, int64_t(0));
        QCOMPARE(c.report.accA, 0.5);
        QCOMPARE(c.report.accB, 1.0);
        QCOMPARE(c.report.pfr, 0.5);
        QCOMPARE(c.nameA, std::string("Ensemble (runX + runY)"));
        QCOMPARE(c.pathA, ensemble.describe());
        QCOMPARE(c.fingerprint, fingerprint);
        QCOMPARE(c.imageSourceDir.empty(), false);

        const auto refused = [&](const flipbench::ModelSource& source) {
            return fbtest::thrownMessage<flipbench::UserError>([&] { flipbench::loadModel(source); })
                .value_or(std::string());
        };
        QVERIFY(refused(flipbench::ModelSource::ensembleOf({runX})).find("at least two") != std::string::npos);
        QVERIFY(refused(flipbench::ModelSource::ensembleOf({runX, ws / "missing"})).find("missing") !=
                std::string::npos);
    }

    void pairwiseAndParetoFrontOfThreeRuns()
    {
        fbtest::ScratchDir scratch;
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch / "data");
        const torch::Tensor labels = data.test.labels.to(torch::kInt64);
        const fs::path ws = scratch / "ws";
        auto write = [&](const char* name, const torch::Tensor& logits) {
            return flipbench::ModelSource::single(
                fbtest::toPath(fbtest::writeCompletedRun(ws, name, logits, data, data.test.labels, fingerprint)));
        };
        const auto a = write("runA", fbtest::plannedLogitsOf(true));
        const auto b = write("runB", fbtest::plannedLogitsOf(false));
        const auto c = write("runC", fbtest::thirdModelLogits(labels));
        const flipbench::PairwiseComparison p = flipbench::comparePairwise({a, b, c});
        QCOMPARE(p.names, std::vector<std::string>({"runA", "runB", "runC"}));
        QCOMPARE(p.accuracy, std::vector<double>({9.0 / 12, 5.0 / 12, 8.0 / 12}));
        QCOMPARE(p.nfr[0][1], 6.0 / 12); // the fixture's negative flips 1, 3, 5, 8, 10, 11
        QCOMPARE(p.nfr[1][0], 2.0 / 12); // its positive flips 4 and 9
        QCOMPARE(p.nfr[0][2], 2.0 / 12); // C breaks samples 0 and 2
        QCOMPARE(p.nfr[2][1], 7.0 / 12);
        QCOMPARE(p.nfr[1][1], 0.0);
        QVERIFY(flipbench::comparePairwise({}).names.empty());

        // Against A: C (8/12, 2/12) beats B (5/12, 6/12), so only C is on the front.
        const flipbench::Tradeoff t = flipbench::tradeoffAgainst(p, 0);
        QCOMPARE(t.reference, 0);
        QCOMPARE(t.referenceAccuracy, 9.0 / 12);
        QCOMPARE(int(t.points.size()), 2);
        QCOMPARE(t.points[0].model, 1);
        QCOMPARE(t.points[0].nfr, 0.5);
        QVERIFY(!t.points[0].onFront);
        QVERIFY(t.points[1].onFront);
        QCOMPARE(flipbench::tradeoffAgainst(p, 3).reference, -1);

        // p0 is beaten by p3, p1 by p3 (as accurate, fewer flips), p2 by p0; p4 trades flips for
        // accuracy; p5 equals p3 and stays with it. Sorted by NFR.
        std::vector<flipbench::TradeoffPoint> points(6);
        const double values[6][2] = {{0.80, 0.05}, {0.82, 0.06}, {0.79, 0.07},
                                     {0.82, 0.04}, {0.85, 0.10}, {0.82, 0.04}};
        for (int i = 0; i < 6; ++i) {
            points[size_t(i)].accuracy = values[i][0];
            points[size_t(i)].nfr = values[i][1];
        }
        QCOMPARE(flipbench::paretoFront(points), std::vector<int>({3, 5, 4}));
        QCOMPARE(flipbench::paretoFront({}), std::vector<int>());
    }

    void sampleHistoryCountsPerGroup()
    {
        flipbench::OtherRunPredictions others;
        others.names = {"r1", "r2", "r3"};
        others.predictions = {{0, 1}, {1, 1}, {0, 0}};
        // Sample 0 (label 0): r2 is wrong. Sample 1 (label 1): r3 is wrong.
        const auto fates0 = flipbench::sampleHistory(others, {"FD", "FD", "LDI"}, 0, 0);
        QCOMPARE(int(fates0.size()), 2);
        QCOMPARE(fates0.at("FD").wrong, 1);
        QCOMPARE(fates0.at("FD").total, 2);
        QCOMPARE(fates0.at("LDI").wrong, 0);
        const auto fates1 = flipbench::sampleHistory(others, {"FD", "FD", "LDI"}, 1, 1);
        QCOMPARE(fates1.at("LDI").wrong, 1);
        QVERIFY(flipbench::sampleHistory(others, {}, 5, 0).empty());
    }

    void otherRunsOnAnotherTestSetAreSkipped()
    {
        fbtest::ScratchDir scratch;
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch / "data");
        const torch::Tensor logitsA = fbtest::plannedLogitsOf(true);
        const auto runA = fbtest::toPath(
            fbtest::writeCompletedRun(scratch / "ws", "runA", logitsA, data, data.test.labels, fingerprint));
        const auto runB = fbtest::toPath(fbtest::writeCompletedRun(
            scratch / "ws", "runB", fbtest::plannedLogitsOf(false), data, data.test.labels, fingerprint));
        const auto other = fbtest::toPath(
            fbtest::writeCompletedRun(scratch / "else", "other", logitsA, data, data.test.labels, "fnv1a64:other"));
        const auto labelTensor = data.test.labels.to(torch::kInt64).contiguous();
        const std::vector<int64_t> labels(labelTensor.data_ptr<int64_t>(), labelTensor.data_ptr<int64_t>() + 12);
        const auto others =
            flipbench::loadOtherRunPredictions({runA, runB, other, scratch / "gone"}, {runA}, labels, fingerprint);
        QCOMPARE(others.names, std::vector<std::string>({"runB"}));
        QCOMPARE(int(others.skipped.size()), 2);
        QCOMPARE(others.skipped[0], std::string("other: another test set"));
        QVERIFY(others.skipped[1].rfind("gone: ", 0) == 0);
        QCOMPARE(others.predictions[0][1], int16_t(fbtest::plannedOutcomes()[1].predB));
    }

    void testImagesAreInterleavedRgb()
    {
        fbtest::ScratchDir scratch;
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch / "data");
        const auto folder = data.test.labels; // the fixture's 12 compared samples
        const flipbench::TestImagePixels pixels = flipbench::readTestImagePixels(scratch / "data", 12);
        QCOMPARE(pixels.count(), int64_t(12));
        QCOMPARE(int64_t(pixels.rgb.size()), 12 * flipbench::TestImagePixels::kImageBytes);
        // writeSmallCifarFolder: test record k is patternRecord(1000 + k, (3 * k) % 10).
        for (int64_t k : {int64_t(0), int64_t(11)})
            for (int row : {0, 17, 31})
                for (int col : {0, 5, 31})
                    for (int channel = 0; channel < 3; ++channel)
                        QCOMPARE(pixels.image(k)[(row * 32 + col) * 3 + channel],
                                 fbtest::patternPixel(1000 + k, channel, row, col));
        const auto labelTensor = folder.to(torch::kInt64).contiguous();
        QVERIFY(flipbench::sameLabels(
            pixels, std::vector<int64_t>(labelTensor.data_ptr<int64_t>(), labelTensor.data_ptr<int64_t>() + 12)));
        QVERIFY(!flipbench::sameLabels(pixels, {0, 3}));
        QVERIFY(fbtest::thrownMessage<flipbench::UserError>([&] {
                    flipbench::readTestImagePixels(scratch / "gone", 0);
                }).has_value());
    }
};

QTEST_GUILESS_MAIN(TestFlipMetrics)
#include "tst_flip_metrics.moc"
