// The statistics of Flipbench: t quantiles, the Welch–Satterthwaite interval, rates over seeds with
// seed and test-sample noise, paired differences of rates, McNemar's test and the retraining noise
// floor. Every expected value is derived by hand or taken from a published table, in the comments.

#include <flipbench/statistics/interval.h>
#include <flipbench/statistics/mcnemar.h>
#include <flipbench/statistics/mean_spread.h>
#include <flipbench/statistics/noise_floor.h>
#include <flipbench/statistics/rate_statistics.h>
#include <flipbench/statistics/student_t.h>

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace flipbench;

namespace {

/// |a - b| < tolerance, or relatively so for large values; infinities equal only themselves.
bool near(double actual, double expected, double tolerance)
{
    if (std::isinf(expected))
        return actual == expected;
    return std::abs(actual - expected) < tolerance * std::max(1.0, std::abs(expected));
}

/// The indicators "1100..." as bytes.
SampleIndicators bits(const std::string& text)
{
    SampleIndicators values;
    for (char c : text)
        values.push_back(c == '1' ? 1 : 0);
    return values;
}

} // namespace

/// Fails the test function (not only a helper) when `actual` is not within `tolerance` of `expected`.
#define FB_COMPARE_NEAR_TOL(actual, expected, tolerance)                                                               \
    QVERIFY2(near((actual), (expected), (tolerance)),                                                                  \
             qPrintable(                                                                                               \
                 QString("%1 = %2, expected %3").arg(#actual).arg((actual), 0, 'g', 12).arg((expected), 0, 'g', 12)))
#define FB_COMPARE_NEAR(actual, expected) FB_COMPARE_NEAR_TOL(actual, expected, 1e-6)

class TestStatistics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void intervalValidAndExcludes()
    {
        const Interval none;
        QVERIFY(!none.valid());
        QVERIFY(!none.excludes(0.0)); // no interval is no evidence
        const Interval i{0.1, 0.3};
        QVERIFY(i.valid());
        QVERIFY(i.excludes(0.0));
        QVERIFY(i.excludes(0.31));
        QVERIFY(!i.excludes(0.1)); // closed at both ends
        QVERIFY(!i.excludes(0.3));
        QVERIFY(!Interval({0.3, 0.1}).valid());
    }

    void meanSpreadOfFewValues()
    {
        // {1, 2, 3, 4}: mean 10/4 = 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, over n - 1 = 3.
        const MeanSpread four = meanSpread({1, 2, 3, 4});
        QCOMPARE(four.n, 4);
        FB_COMPARE_NEAR(four.mean, 2.5);
        FB_COMPARE_NEAR(four.sd, std::sqrt(5.0 / 3.0)); // 1.2909944
        const MeanSpread one = meanSpread({0.7});
        QCOMPARE(one.n, 1);
        FB_COMPARE_NEAR(one.mean, 0.7);
        QVERIFY(std::isnan(one.sd));
        const MeanSpread none = meanSpread({});
        QCOMPARE(none.n, 0);
        QVERIFY(std::isnan(none.mean));
        QVERIFY(std::isnan(none.sd));
    }

    void studentTQuantilesMatchTheTable()
    {
        // Closed forms, p = 0.975: df 1 is Cauchy, tan(pi (p - 1/2)) = tan(0.475 pi) = 12.706205;
        // df 2: (2p - 1) / sqrt(2 p (1 - p)) = 0.95 / sqrt(0.04875) = 4.302653; df 4: with
        // a = 4 p (1 - p) = 0.0975, q = cos(arccos(sqrt(a)) / 3) / sqrt(a), t = 2 sqrt(q - 1) = 2.776445.
        FB_COMPARE_NEAR(studentTQuantile(0.975, 1), 12.706205);
        FB_COMPARE_NEAR(studentTQuantile(0.975, 2), 4.302653);
        FB_COMPARE_NEAR(studentTQuantile(0.975, 4), 2.776445);
        // Two-sided 95% column of the standard t table (NIST/SEMATECH e-Handbook 1.3.6.7.2 prints
        // 3.182, 2.262, 2.228, 2.201; these are the same values to 6 decimals).
        FB_COMPARE_NEAR(studentTQuantile(0.975, 3), 3.182446);
        FB_COMPARE_NEAR(studentTQuantile(0.975, 9), 2.262157);
        FB_COMPARE_NEAR(studentTQuantile(0.975, 10), 2.228139);
        FB_COMPARE_NEAR(studentTQuantile(0.975, 11), 2.200985);
        // df = infinity is the normal: z_{0.975} = 1.959964; t is symmetric: t_{0.025,2} = -t_{0.975,2}.
        FB_COMPARE_NEAR(studentTQuantile(0.975, std::numeric_limits<double>::infinity()), 1.959964);
        FB_COMPARE_NEAR(studentTQuantile(0.025, 2), -4.302653);
        // A non-integer df lies between its neighbours: t_{0.975,3.5} in (t_4, t_3).
        const double between = studentTQuantile(0.975, 3.5);
        QVERIFY(between > 2.776445 && between < 3.182446);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, studentTQuantile(1.0, 5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, studentTQuantile(0.975, 0));
    }

    void welchSatterthwaiteByHand()
    {
        // v1 = 0.04 (df 2), v2 = 0.01 (df 9): sum 0.05, SE = sqrt(0.05) = 0.2236068;
        // df = 0.05² / (0.04²/2 + 0.01²/9) = 0.0025 / (0.0008 + 0.0000111...) = 225/73 = 3.0821918.
        const CombinedInterval w = welchSatterthwaiteInterval(1.0, {{0.04, 2}, {0.01, 9}});
        FB_COMPARE_NEAR(w.standardError, std::sqrt(0.05));
        FB_COMPARE_NEAR(w.degreesOfFreedom, 225.0 / 73.0);
        // Symmetric around the estimate, half-width t_{0.975,3.08} SE with t between t_4 = 2.776445 and
        // t_3 = 3.182446 (df 3.08 lies between 3 and 4).
        FB_COMPARE_NEAR(w.interval.low + w.interval.high, 2.0);
        const double t = (w.interval.high - 1.0) / w.standardError;
        QVERIFY2(t > 2.776445 && t < 3.182446, qPrintable(QString::number(t)));

        // Two equal parts v = 0.01 with df 2 each: df = (2v)² / (2 v²/2) = 4 exactly, SE = sqrt(0.02)
        // = 0.1414214, half-width t_{0.975,4} SE = 2.776445 * 0.1414214 = 0.3926486.
        const CombinedInterval equal = welchSatterthwaiteInterval(0.5, {{0.01, 2}, {0.01, 2}});
        FB_COMPARE_NEAR(equal.degreesOfFreedom, 4.0);
        FB_COMPARE_NEAR(equal.interval.low, 0.5 - 0.3926486);
        FB_COMPARE_NEAR(equal.interval.high, 0.5 + 0.3926486);

        // A zero part drops out (its df 0 is never divided by): df is the other part's, 9; half-width
        // t_{0.975,9} sqrt(0.01) = 0.2262157.
        const CombinedInterval dropped = welchSatterthwaiteInterval(0.0, {{0.0, 0}, {0.01, 9}});
        FB_COMPARE_NEAR(dropped.degreesOfFreedom, 9.0);
        FB_COMPARE_NEAR(dropped.interval.high, 0.2262157);

        // All parts zero: [estimate, estimate], df infinity.
        const CombinedInterval zero = welchSatterthwaiteInterval(0.25, {{0.0, 2}, {0.0, 9}});
        QCOMPARE(zero.interval.low, 0.25);
        QCOMPARE(zero.interval.high, 0.25);
        QVERIFY(std::isinf(zero.degreesOfFreedom));
        QCOMPARE(zero.standardError, 0.0);

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, welchSatterthwaiteInterval(0, {{-0.01, 2}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, welchSatterthwaiteInterval(0, {{0.01, 0}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, welchSatterthwaiteInterval(0, {{0.01, 2}}, 1.0));
    }

    void rateOverThreeSeedsByHand()
    {
        // N = 10. Rates 0.3, 0.2, 0.4: mean 0.3, sd = sqrt((0 + 0.01 + 0.01) / 2) = 0.1.
        const std::vector<SampleIndicators> seeds = {bits("1110000000"), bits("1100000000"), bits("1111000000")};
        const RateEstimate r = estimateRate(seeds);
        QCOMPARE(r.n, 3);
        FB_COMPARE_NEAR(r.mean, 0.3);
        FB_COMPARE_NEAR(r.sd, 0.1);
        QCOMPARE(QString::fromStdString(r.intervalMethod), QString("t (seeds + test samples)"));
        // Seed part: sd²/n = 0.01/3 = 27/8100, df 2.
        // m_i = 1, 1, 2/3, 1/3, then six 0s (mean 0.3): Σ m_i² = 2 + 4/9 + 1/9 = 23/9,
        // Σ (m_i - 0.3)² = 23/9 - 10 * 0.09 = 149/90, var_i = 149/810; test part 149/8100, df 9.
        // Sum 176/8100, SE = sqrt(176/8100) = 0.1474055;
        // df = 176² / (27²/2 + 149²/9) = 30976 / (364.5 + 2466.78) = 557568/50963 = 10.940643.
        FB_COMPARE_NEAR(r.degreesOfFreedom, 557568.0 / 50963.0);
        const double se = std::sqrt(176.0 / 8100.0);
        FB_COMPARE_NEAR(r.interval.low + r.interval.high, 0.6);
        // Half-width t_{0.975,10.94} SE, t between t_11 = 2.200985 and t_10 = 2.228139:
        // in (0.324431, 0.328434), so the interval is about [-0.025, 0.625] (not clipped at 0).
        const double t = (r.interval.high - r.mean) / se;
        QVERIFY2(t > 2.200985 && t < 2.228139, qPrintable(QString::number(t)));
        FB_COMPARE_NEAR(r.interval.high - r.mean, studentTQuantile(0.975, 557568.0 / 50963.0) * se);
    }

    void rateWithoutTestSampleSpread()
    {
        // N = 3, runs 110, 001, 111: every sample's m_i = 2/3, so the test part is 0 and drops out.
        // Rates 2/3, 1/3, 1: mean 2/3, sd = sqrt((0 + 1/9 + 1/9) / 2) = 1/3; seed part (1/9)/3 = 1/27,
        // df 2: half-width t_{0.975,2} sqrt(1/27) = 4.302653 * 0.1924501 = 0.8280460.
        const RateEstimate r = estimateRate({bits("110"), bits("001"), bits("111")});
        FB_COMPARE_NEAR(r.sd, 1.0 / 3.0);
        FB_COMPARE_NEAR(r.degreesOfFreedom, 2.0);
        FB_COMPARE_NEAR(r.interval.low, 2.0 / 3.0 - 0.8280460);
        FB_COMPARE_NEAR(r.interval.high, 2.0 / 3.0 + 0.8280460);
    }

    void rateOfOneSeedBootstraps()
    {
        // One run, N = 10,000, rate 0.3. The bootstrap draws counts from Binomial(N, p) with
        // std::binomial_distribution (implementation-defined), so it is checked loosely against the
        // normal approximation's width 2 * 1.96 * sqrt(0.3 * 0.7 / 10000) = 0.0179637.
        SampleIndicators run(10000, 0);
        for (int i = 0; i < 3000; ++i)
            run[i] = 1;
        const RateEstimate r = estimateRate({run});
        QCOMPARE(r.n, 1);
        FB_COMPARE_NEAR(r.mean, 0.3);
        QVERIFY(std::isnan(r.sd));
        QVERIFY(std::isnan(r.degreesOfFreedom));
        QCOMPARE(QString::fromStdString(r.intervalMethod), QString("bootstrap (test samples)"));
        QVERIFY(r.interval.valid());
        QVERIFY(!r.interval.excludes(0.3));
        const double expectedWidth = 2 * 1.96 * std::sqrt(0.3 * 0.7 / 10000);
        const double width = r.interval.high - r.interval.low;
        QVERIFY2(std::abs(width - expectedWidth) < 0.1 * expectedWidth, qPrintable(QString::number(width)));
        // Deterministic for a given seed.
        const RateEstimate again = estimateRate({run});
        QCOMPARE(again.interval.low, r.interval.low);
        QCOMPARE(again.interval.high, r.interval.high);
        // A rate of 0 cannot move under resampling: [0, 0].
        const RateEstimate zero = estimateRate({SampleIndicators(100, 0)});
        QCOMPARE(zero.interval.low, 0.0);
        QCOMPARE(zero.interval.high, 0.0);
    }

    void identicalGroupsDoNotDiffer()
    {
        // x = y: every d_i = 0, so the paired part is 0 and drops out; both seed parts are
        // 0.1²/3 = 1/300 with df 2: df = (2/300)² / (2 (1/300)² / 2) = 4, SE = sqrt(2/300) = 0.0816497,
        // half-width t_{0.975,4} SE = 2.776445 * 0.0816497 = 0.2266958.
        const std::vector<SampleIndicators> seeds = {bits("1110000000"), bits("1100000000"), bits("1111000000")};
        const RateDifference d = differenceOfRates(seeds, seeds);
        FB_COMPARE_NEAR(d.difference, 0.0);
        FB_COMPARE_NEAR(d.degreesOfFreedom, 4.0);
        FB_COMPARE_NEAR(d.interval.low, -0.2266958);
        FB_COMPARE_NEAR(d.interval.high, 0.2266958);
        QVERIFY(!d.excludesZero);
        QCOMPARE(QString::fromStdString(d.method), QString("t (seeds + paired test samples)"));
    }

    void clearlyHigherGroupDiffers()
    {
        // x: rates 0.5, 0.6, 0.4 (mean 0.5, sd 0.1); y: 0.1, 0.2, 0.0 (mean 0.1, sd 0.1). Difference 0.4.
        const std::vector<SampleIndicators> x = {bits("1111100000"), bits("1111110000"), bits("1111000000")};
        const std::vector<SampleIndicators> y = {bits("1000000000"), bits("1100000000"), bits("0000000000")};
        const RateDifference d = differenceOfRates(x, y);
        FB_COMPARE_NEAR(d.difference, 0.4);
        // Seed parts 1/300 = 27/8100 each, df 2. m^x = 1,1,1,1,2/3,1/3,0..; m^y = 2/3,1/3,0..;
        // d_i = 1/3, 2/3, 1, 1, 2/3, 1/3, 0, 0, 0, 0 (mean 0.4): Σ d_i² = 28/9,
        // Σ (d_i - 0.4)² = 28/9 - 1.6 = 68/45, var_i = 68/405; paired part 68/4050 = 136/8100, df 9.
        // Sum 190/8100, SE = 0.1531561; df = 190² / (2 * 27²/2 + 136²/9) = 324900/25057 = 12.966437.
        FB_COMPARE_NEAR(d.degreesOfFreedom, 324900.0 / 25057.0);
        // t between t_13 = 2.160369 and t_12 = 2.178813: half-width < 0.33371, so low > 0.066.
        const double t = (d.interval.high - 0.4) / std::sqrt(190.0 / 8100.0);
        QVERIFY2(t > 2.160369 && t < 2.178813, qPrintable(QString::number(t)));
        QVERIFY(d.interval.low > 0.066);
        QVERIFY(d.excludesZero);
        QCOMPARE(QString::fromStdString(d.method), QString("t (seeds + paired test samples)"));
    }

    void oneSeedGroupsSaySo()
    {
        // One run each: only the paired part. d = 0,1,1,1,1,0,0,0,0,0 (mean 0.4): Σ (d_i - 0.4)² =
        // 4 - 10 * 0.16 = 2.4, var_i = 2.4/9, part 2.4/90 (df 9), SE = 0.1632993; half-width
        // t_{0.975,9} SE = 2.262157 * 0.1632993 = 0.3694087: [0.0305913, 0.7694087].
        const RateDifference d = differenceOfRates({bits("1111100000")}, {bits("1000000000")});
        FB_COMPARE_NEAR(d.difference, 0.4);
        FB_COMPARE_NEAR(d.degreesOfFreedom, 9.0);
        FB_COMPARE_NEAR(d.interval.low, 0.0305913);
        FB_COMPARE_NEAR(d.interval.high, 0.7694087);
        QVERIFY(d.excludesZero);
        QCOMPARE(QString::fromStdString(d.method), QString("t (test samples only: x and y have one seed each)"));
        const std::vector<SampleIndicators> y = {bits("1000000000"), bits("1100000000"), bits("0000000000")};
        QCOMPARE(QString::fromStdString(differenceOfRates({bits("1111100000")}, y).method),
                 QString("t (y seeds + paired test samples: x has one seed)"));
        QCOMPARE(QString::fromStdString(differenceOfRates(y, {bits("1111100000")}).method),
                 QString("t (x seeds + paired test samples: y has one seed)"));
    }

    void mcnemarKnownAnswers()
    {
        // b = 10, c = 0: exact p = 2 * 0.5^10 = 0.001953125; chi² = (10 - 1)² / 10 = 8.1; its
        // chi-squared(1) tail is erfc(sqrt(8.1 / 2)) = 0.0044265 (between the table's 0.005 at
        // 7.879 and 0.001 at 10.828).
        const McNemarResult strong = mcnemarTest(10, 0);
        QCOMPARE(strong.onlyA, int64_t(10));
        QCOMPARE(strong.onlyB, int64_t(0));
        FB_COMPARE_NEAR_TOL(strong.exactP, 0.001953125, 1e-12);
        FB_COMPARE_NEAR(strong.chiSquare, 8.1);
        FB_COMPARE_NEAR(strong.chiSquareP, 0.0044265);
        // b = 2, c = 8: P(X <= 2), X ~ Bin(10, 1/2) = (1 + 10 + 45) / 1024 = 56/1024, doubled
        // 0.109375; chi² = (6 - 1)² / 10 = 2.5, tail erfc(sqrt(1.25)) = 0.1138463.
        const McNemarResult mild = mcnemarTest(2, 8);
        FB_COMPARE_NEAR_TOL(mild.exactP, 0.109375, 1e-12);
        FB_COMPARE_NEAR(mild.chiSquare, 2.5);
        FB_COMPARE_NEAR(mild.chiSquareP, 0.1138463);
        // b = c: 2 P(X <= 5) = 2 * 638/1024 > 1, so p = 1; the correction stops at 0: chi² 0, p 1.
        const McNemarResult even = mcnemarTest(5, 5);
        QCOMPARE(even.exactP, 1.0);
        QCOMPARE(even.chiSquare, 0.0);
        FB_COMPARE_NEAR(even.chiSquareP, 1.0);
        // No discordant samples: nothing to test.
        const McNemarResult none = mcnemarTest(0, 0);
        QCOMPARE(none.exactP, 1.0);
        QCOMPARE(none.chiSquare, 0.0);
        QCOMPARE(none.chiSquareP, 1.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mcnemarTest(-1, 3));
        // What the Compare view prints: 0.001953125 is "0.0020", below 5%.
        QCOMPARE(flipbench::describeMcNemar(strong),
                 std::string("exact p 0.0020 (10 only A right, 0 only B right): the two models' accuracies differ "
                             "at the 5% level"));
        QCOMPARE(flipbench::describeMcNemar(mild),
                 std::string("exact p 0.1094 (2 only A right, 8 only B right): no evidence that their accuracies "
                             "differ at the 5% level"));
    }

    void noiseFloorOverOrderedPairs()
    {
        // c1 = 1100, c2 = 1010, c3 = 1110 (N = 4). NFR of j against i (i right, j wrong):
        // (1,2) sample 1: 1/4; (2,1) sample 2: 1/4; (1,3) none: 0; (3,1) sample 2: 1/4;
        // (2,3) none: 0; (3,2) sample 1: 1/4. Six values, mean 1/6; Σ x² = 4/16, Σ (x - 1/6)² =
        // 1/4 - 6/36 = 1/12, sd = sqrt((1/12) / 5) = sqrt(1/60) = 0.1290994.
        const MeanSpread floor = pairwiseNegativeFlipRates({bits("1100"), bits("1010"), bits("1110")});
        QCOMPARE(floor.n, 6);
        FB_COMPARE_NEAR(floor.mean, 1.0 / 6.0);
        FB_COMPARE_NEAR(floor.sd, std::sqrt(1.0 / 60.0));
        // Two identical runs flip nothing: two pairs of NFR 0.
        const MeanSpread same = pairwiseNegativeFlipRates({bits("1010"), bits("1010")});
        QCOMPARE(same.n, 2);
        QCOMPARE(same.mean, 0.0);
        QCOMPARE(same.sd, 0.0);
        const MeanSpread single = pairwiseNegativeFlipRates({bits("1010")});
        QCOMPARE(single.n, 0);
        QVERIFY(std::isnan(single.mean));
    }

    void badInputsThrow()
    {
        const std::vector<SampleIndicators> none;
        const std::vector<SampleIndicators> unequal = {bits("1010"), bits("101")};
        const std::vector<SampleIndicators> good = {bits("1010"), bits("1100")};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, estimateRate(none));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, estimateRate(unequal));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, estimateRate({SampleIndicators{}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, estimateRate({SampleIndicators{0, 2}})); // not 0/1
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, differenceOfRates(none, good));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, differenceOfRates(good, none));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, differenceOfRates(unequal, good));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, differenceOfRates(good, {bits("10101")}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pairwiseNegativeFlipRates(unequal));
    }
};

QTEST_APPLESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
