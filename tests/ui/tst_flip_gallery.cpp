// The Compare view's data layer and gallery: a comparison of two hand-made run folders whose
// outcomes are chosen per sample (so every count is known by hand) against the core's numbers,
// the gallery's sets, filters, orders, tags and exports, the sample images, refused test-set
// mismatches, a prediction-only .result file and a 10,000-sample fill. Offscreen; no timing.

#include "flip_fixture.h"
#include "test_support.h"

#include "ui/compare/comparison.h"
#include "ui/compare/flip_gallery_delegate.h"
#include "ui/compare/flip_gallery_model.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/util/errors.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/runs/run_store.h"

#include <QListView>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <random>

using flipbench::ui::Comparison;
using flipbench::ui::FlipGalleryModel;
using SampleSet = FlipGalleryModel::SampleSet;
using SortOrder = FlipGalleryModel::SortOrder;
using fbtest::toQString;
namespace fs = std::filesystem;

namespace {

constexpr int kClasses = fbtest::kFlipClasses;
const std::vector<fbtest::PlannedOutcome>& kPlan = fbtest::plannedOutcomes();

QVector<int> samplesOf(const FlipGalleryModel& model)
{
    QVector<int> out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r).data(FlipGalleryModel::SampleIndexRole).toInt();
    return out;
}

QString readText(const QString& file)
{
    QFile in(file);
    return in.open(QIODevice::ReadOnly) ? QString::fromUtf8(in.readAll()) : QString();
}

} // namespace

class TestFlipGallery : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    flipbench::SplitDataset data_;
    QString runA_, runB_;
    std::shared_ptr<const Comparison> comparison_;
    std::shared_ptr<const QVector<QImage>> images_;

private Q_SLOTS:
    void initTestCase()
    {
        // 14 test images, of which the runs used the first 12 (data.test_limit 12).
        const auto fixture = fbtest::writeFlipFixtureTestSet(scratch_ / "data");
        data_ = fixture.data;
        const std::string& fingerprint = fixture.fingerprint;
        runA_ = fbtest::writeCompletedRun(scratch_ / "ws", "old", fbtest::plannedLogitsOf(true), data_,
                                          data_.test.labels, fingerprint);
        runB_ = fbtest::writeCompletedRun(scratch_ / "ws", "new", fbtest::plannedLogitsOf(false), data_,
                                          data_.test.labels, fingerprint);
        comparison_ = std::make_shared<const Comparison>(flipbench::ui::computeComparison(runA_, runB_));
        QString error;
        images_ = std::make_shared<const QVector<QImage>>(flipbench::ui::loadComparisonImages(*comparison_, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void metricsAreTheCoresNumbers()
    {
        const Comparison& c = *comparison_;
        const auto labels = data_.test.labels;
        const flipbench::FlipReport r =
            flipbench::compareLogits(fbtest::plannedLogitsOf(true), fbtest::plannedLogitsOf(false), labels);
        QCOMPARE(c.report.table.bothCorrect, qint64(3));
        QCOMPARE(c.report.table.negativeFlips, qint64(6));
        QCOMPARE(c.report.table.positiveFlips, qint64(2));
        QCOMPARE(c.report.table.bothWrong, qint64(1));
        QCOMPARE(c.report.accA, r.accA);
        QCOMPARE(c.report.accB, r.accB);
        QCOMPARE(c.report.nfr, r.nfr);
        QCOMPARE(c.report.pfr, r.pfr);
        QCOMPARE(c.report.nfi, r.nfi);
        QCOMPARE(c.report.btc, r.btc);
        QCOMPARE(c.report.bec, r.bec);
        QCOMPARE(c.report.nfr, 0.5);
        QCOMPARE(c.report.nfi, 6.0 / 7.0);
        QCOMPARE(int(c.report.negativeFlipMatrix.size()), kClasses);
        for (int t = 0; t < kClasses; ++t)
            for (int p = 0; p < kClasses; ++p)
                QCOMPARE(c.report.negativeFlipMatrix[t][p], r.negativeFlipMatrix[t][p]);
        QCOMPARE(c.report.negativeFlipMatrix[3][5], qint64(2));
        QCOMPARE(c.numClasses, kClasses);
        QCOMPARE(int(c.classNames.size()), kClasses);
        QCOMPARE(c.classNames[3], QStringLiteral("cat"));
        QVERIFY(c.hasProbabilities);
        QVERIFY(c.note.isEmpty()); // both runs carry a fingerprint
        QCOMPARE(c.nameA, QStringLiteral("old"));
        QCOMPARE(c.imageSourceDir, QString::fromStdString(data_.sourceDir));
        QCOMPARE(c.testLimit, qint64(12));
        QCOMPARE(int(c.probsA.size()), 12 * kClasses);
        for (const auto& flip : r.negativeFlips) {
            const auto& s = c.samples[static_cast<int>(flip.index)];
            QVERIFY(std::fabs(s.pTrueA - flip.pTrueA) < 1e-6);
            QVERIFY(std::fabs(s.pTrueB - flip.pTrueB) < 1e-6);
        }
        for (int i = 0; i < c.samples.size(); ++i) {
            const auto& s = c.samples[i];
            const fbtest::PlannedOutcome& p = kPlan[static_cast<size_t>(i)];
            QCOMPARE(s.index, i);
            QCOMPARE(s.label, p.label);
            QCOMPARE(s.predA, p.predA);
            QCOMPARE(s.predB, p.predB);
            QVERIFY(std::fabs(s.confA - p.confA) < 1e-5 && std::fabs(s.confB - p.confB) < 1e-5);
            QVERIFY(std::fabs(s.pTrueA - p.pTrueA) < 1e-5 && std::fabs(s.pTrueB - p.pTrueB) < 1e-5);
            QVERIFY(std::fabs(c.probsB[i * kClasses + p.predB] - p.confB) < 1e-5);
        }
    }

    void setsMatchTheFlipTable()
    {
        FlipGalleryModel model;
        model.setComparison(comparison_, images_);
        QCOMPARE(model.sampleSet(), SampleSet::NegativeFlips);
        QCOMPARE(qint64(model.count()), comparison_->report.table.negativeFlips);
        const std::vector<std::pair<SampleSet, qint64>> sets = {
            {SampleSet::PositiveFlips, comparison_->report.table.positiveFlips},
            {SampleSet::BothWrong, comparison_->report.table.bothWrong},
            {SampleSet::BothCorrect, comparison_->report.table.bothCorrect},
            {SampleSet::All, 12}};
        for (const auto& [set, expected] : sets) {
            model.setSampleSet(set);
            QCOMPARE(qint64(model.rowCount()), expected);
        }
        model.setSortOrder(SortOrder::Index);
        model.setTableCellFilter(false, true);
        QCOMPARE(samplesOf(model), QVector<int>({4, 9}));
        model.setTableCellFilter(true, true);
        QCOMPARE(samplesOf(model), QVector<int>({0, 2, 7}));
        model.setTableCellFilter(false, false);
        QCOMPARE(samplesOf(model), QVector<int>({6}));
        model.setTableCellFilter(true, false);
        QCOMPARE(samplesOf(model), QVector<int>({1, 3, 5, 8, 10, 11}));
        QCOMPARE(model.visibleSamples(), samplesOf(model));
        QCOMPARE(model.sampleAt(0), 1);
        QCOMPARE(model.sampleAt(99), -1);
    }

    void cellFilterMatchesTheHeatmap()
    {
        FlipGalleryModel model;
        model.setComparison(comparison_, images_);
        for (int t = 0; t < kClasses; ++t)
            for (int p = 0; p < kClasses; ++p) {
                model.setCellFilter(t, p);
                QCOMPARE(qint64(model.count()), comparison_->report.negativeFlipMatrix[t][p]);
                for (int sample : model.visibleSamples()) {
                    const auto& s = comparison_->samples[sample];
                    QVERIFY(s.label == t && s.predB == p && s.aCorrect());
                }
            }
        model.setSortOrder(SortOrder::Index);
        model.setCellFilter(3, 5);
        QCOMPARE(samplesOf(model), QVector<int>({1, 11}));
        model.clearFilters();
        model.setTrueClassFilter(0);
        QCOMPARE(samplesOf(model), QVector<int>({10}));
        model.setTrueClassFilter(-1);
        model.setPredBFilter(1);
        QCOMPARE(samplesOf(model), QVector<int>({3, 10}));
        model.setSampleSet(SampleSet::All);
        QCOMPARE(samplesOf(model), QVector<int>({3, 7, 10})); // filters stay across sets
    }

    void sortOrders()
    {
        FlipGalleryModel model;
        model.setComparison(comparison_, images_);
        QCOMPARE(model.sortOrder(), SortOrder::ConfidenceDrop);
        QCOMPARE(samplesOf(model), QVector<int>({10, 1, 5, 8, 11, 3}));
        model.setSortOrder(SortOrder::ConfidenceInWrongClass);
        QCOMPARE(samplesOf(model), QVector<int>({10, 1, 11, 5, 3, 8}));
        model.setSortOrder(SortOrder::TrueClass);
        QCOMPARE(samplesOf(model), QVector<int>({10, 1, 11, 8, 5, 3}));
        model.setSortOrder(SortOrder::Index);
        QCOMPARE(samplesOf(model), QVector<int>({1, 3, 5, 8, 10, 11}));
    }

    void tagsAndRoles()
    {
        FlipGalleryModel model;
        model.setComparison(comparison_, images_);
        model.setSortOrder(SortOrder::Index);
        const QStringList tags = {"far", "near", "far", "", "far", ""}; // samples 1, 3, 5, 8, 10, 11
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.index(r).data(FlipGalleryModel::TagRole).toString(), tags[r]);
        const QModelIndex ten = model.index(4);
        QCOMPARE(ten.data(Qt::DisplayRole).toString(), QStringLiteral("#10 airplane"));
        QCOMPARE(ten.data(FlipGalleryModel::LabelRole).toInt(), 0);
        QCOMPARE(ten.data(FlipGalleryModel::PredARole).toInt(), 0);
        QCOMPARE(ten.data(FlipGalleryModel::PredBRole).toInt(), 1);
        QVERIFY(std::fabs(ten.data(FlipGalleryModel::ConfBRole).toFloat() - 0.9f) < 1e-5);
        QVERIFY(std::fabs(ten.data(FlipGalleryModel::PTrueBRole).toFloat() - 0.05f) < 1e-5);
        QCOMPARE(ten.data(FlipGalleryModel::PredBNameRole).toString(), QStringLiteral("automobile"));
        const QString tip = ten.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains("airplane") && tip.contains("automobile") && tip.contains("Far flip"), qPrintable(tip));
        const QImage image = ten.data(Qt::DecorationRole).value<QImage>();
        QCOMPARE(image.size(), QSize(32, 32)); // unscaled: the delegate scales
    }

    void imagesAreTheTestRecords()
    {
        QCOMPARE(int(images_->size()), 12);
        for (int k : {0, 5, 11}) {
            const QImage& image = (*images_)[k];
            for (auto [row, col] : {std::pair{0, 0}, {7, 19}, {31, 30}}) {
                const QColor pixel = image.pixelColor(col, row);
                QCOMPARE(pixel.red(), int(fbtest::patternPixel(1000 + k, 0, row, col)));
                QCOMPARE(pixel.green(), int(fbtest::patternPixel(1000 + k, 1, row, col)));
                QCOMPARE(pixel.blue(), int(fbtest::patternPixel(1000 + k, 2, row, col)));
            }
        }
        QCOMPARE(flipbench::ui::loadTestImages(QString::fromStdString(data_.sourceDir), 0).size(), qsizetype(14));
        // A moved data folder: no images and a message, never a crash or the wrong pictures.
        Comparison moved = *comparison_;
        moved.imageSourceDir = toQString(scratch_ / "gone");
        QString error;
        QVERIFY(flipbench::ui::loadComparisonImages(moved, &error).isEmpty());
        QVERIFY2(error.contains("gone"), qPrintable(error));
        Comparison other = *comparison_;
        other.testLimit = 13; // a different set of images than the compared samples
        QVERIFY(flipbench::ui::loadComparisonImages(other, &error).isEmpty());
        QVERIFY2(error.contains("no longer matches"), qPrintable(error));
        QVERIFY(flipbench::ui::loadTestImages(toQString(scratch_ / "gone"), 0, &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void csvExport()
    {
        FlipGalleryModel model;
        model.setComparison(comparison_, images_);
        const QString file = toQString(scratch_ / "flips.csv");
        QString error;
        QVERIFY2(model.exportCsv(file, {}, &error), qPrintable(error));
        QCOMPARE(readText(file), QStringLiteral("index,true,a_pred,a_conf,b_pred,b_conf\n"
                                                "10,airplane,airplane,0.9900,automobile,0.9000\n"
                                                "1,cat,cat,0.9000,dog,0.6000\n"
                                                "5,dog,dog,0.8000,cat,0.5000\n"
                                                "8,deer,deer,0.7000,airplane,0.4000\n"
                                                "11,cat,cat,0.6000,dog,0.5500\n"
                                                "3,truck,truck,0.5000,automobile,0.4500\n"));
        // A selection is written in view order, whatever order it was clicked in.
        QVERIFY(model.exportCsv(file, {model.index(2), model.index(0)}, &error));
        QCOMPARE(readText(file), QStringLiteral("index,true,a_pred,a_conf,b_pred,b_conf\n"
                                                "10,airplane,airplane,0.9900,automobile,0.9000\n"
                                                "5,dog,dog,0.8000,cat,0.5000\n"));
        fbtest::writeText(scratch_ / "plain-file", "x");
        error.clear();
        QVERIFY(!model.exportCsv(toQString(scratch_ / "plain-file" / "flips.csv"), {}, &error));
        QVERIFY(!error.isEmpty());
    }

    void contactSheet()
    {
        FlipGalleryModel model;
        model.setComparison(comparison_, images_);
        const QImage sheet = model.contactSheet({10, 1, 5}, 64, 12);
        QVERIFY(!sheet.isNull());
        QVERIFY(sheet.width() >= 3 * 64 && sheet.height() > 64);
        // Nearest scaling: the sheet's first cell starts with sample 10's corner pixels.
        const QImage& ten = (*images_)[10];
        QCOMPARE(sheet.pixelColor(4, 4), ten.pixelColor(0, 0));
        QCOMPARE(sheet.pixelColor(4 + 63, 4 + 63), ten.pixelColor(31, 31));
        const QString file = toQString(scratch_ / "sheet.png");
        QString error;
        QVERIFY2(model.exportContactSheet(file, model.visibleSamples(), &error), qPrintable(error));
        QVERIFY(!QImage(file).isNull());
        QVERIFY(!model.exportContactSheet(toQString(scratch_ / "plain-file" / "s.png"), {1}, &error));
        QVERIFY(!error.isEmpty());
    }

    void delegatePaintsWithAndWithoutImages()
    {
        for (bool withImages : {true, false}) {
            FlipGalleryModel model;
            model.setComparison(comparison_, withImages ? images_ : nullptr);
            model.setSampleSet(SampleSet::All);
            QCOMPARE(model.index(0).data(Qt::DecorationRole).isValid(), withImages);
            QListView view;
            auto* delegate = new flipbench::ui::FlipGalleryDelegate(&view);
            delegate->setThumbnailSize(64);
            delegate->setSmooth(!withImages);
            view.setViewMode(QListView::IconMode);
            view.setUniformItemSizes(true);
            view.setItemDelegate(delegate);
            view.setModel(&model);
            view.resize(600, 400);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            const QSize hint = view.sizeHintForIndex(model.index(0));
            QVERIFY(hint.width() >= 64 && hint.height() > 64 + 2 * view.fontMetrics().height());
            QVERIFY(!view.grab().isNull());
        }
    }

    void mismatchedTestSetsAreRefused()
    {
        const fs::path ws = scratch_ / "ws";
        auto other = data_.test.labels.clone();
        other[0] = 1;
        const QString differentPrint =
            fbtest::writeCompletedRun(ws, "other-print", fbtest::plannedLogitsOf(false), data_, other, "fnv1a64:other");
        const QString noPrint =
            fbtest::writeCompletedRun(ws, "no-print", fbtest::plannedLogitsOf(false), data_, other, "");
        const QString samePlain = fbtest::writeCompletedRun(ws, "same-no-print", fbtest::plannedLogitsOf(false), data_,
                                                            data_.test.labels, "");
        using flipbench::UserError;
        auto refusal = [](const QString& a, const QString& b) {
            return fbtest::thrownMessage<UserError>([&] { flipbench::ui::computeComparison(a, b); });
        };
        const auto byPrint = refusal(runA_, differentPrint);
        QVERIFY(byPrint && fbtest::contains(*byPrint, "different test sets"));
        const auto byLabels = refusal(runA_, noPrint);
        QVERIFY(byLabels && fbtest::contains(*byLabels, "same test labels"));
        QVERIFY(refusal(runA_, toQString(ws / "missing")).has_value());
        const Comparison matched = flipbench::ui::computeComparison(samePlain, runB_);
        QVERIFY(matched.note.contains("matched by their labels"));
        QCOMPARE(matched.report.table.negativeFlips, qint64(0));
    }

    void predictionOnlyResultFile()
    {
        if (fbtest::runProcess("/usr/bin/python3", {"-c", "import torch"}).exitCode != 0)
            QSKIP("needs /usr/bin/python3 with torch to write a .result file");
        QStringList preds, labels;
        for (const fbtest::PlannedOutcome& p : kPlan) {
            preds << QString::number(p.predB);
            labels << QString::number(p.label);
        }
        const QString file = toQString(scratch_ / "new.result");
        const QString script = QStringLiteral("import sys, torch\n"
                                              "torch.save({'pred': torch.tensor([%1]), 'gt': torch.tensor([%2])},"
                                              " sys.argv[1])\n")
                                   .arg(preds.join(','), labels.join(','));
        const auto written = fbtest::runProcess("/usr/bin/python3", {"-c", script, file});
        QVERIFY2(written.exitCode == 0, qPrintable(written.describe()));
        const Comparison c = flipbench::ui::computeComparison(runA_, file);
        QVERIFY(!c.hasProbabilities);
        QVERIFY(c.probsB.isEmpty());
        QVERIFY(c.note.contains("matched by their labels"));
        QCOMPARE(c.report.table.negativeFlips, qint64(6));
        QCOMPARE(c.report.table.positiveFlips, qint64(2));
        // The notebook's definition: negative flips over all test samples (not over A's correct).
        QCOMPARE(c.report.nfr, 6.0 / 12);
        QCOMPARE(c.report.pfr, 2.0 / 12);
        QCOMPARE(c.classNames[0], QStringLiteral("airplane")); // from the run folder
        QCOMPARE(c.imageSourceDir, comparison_->imageSourceDir);
        QVERIFY(std::isnan(c.samples[1].confB));
        FlipGalleryModel model;
        model.setComparison(std::make_shared<const Comparison>(c));
        // No probabilities to order by: confidence orders fall back to the index.
        QCOMPARE(samplesOf(model), QVector<int>({1, 3, 5, 8, 10, 11}));
        QCOMPARE(model.index(0).data(FlipGalleryModel::TagRole).toString(), QString());
        const QString csv = toQString(scratch_ / "pred-only.csv");
        QVERIFY(model.exportCsv(csv, {model.index(0)}, nullptr));
        QCOMPARE(readText(csv), QStringLiteral("index,true,a_pred,a_conf,b_pred,b_conf\n1,cat,cat,,dog,\n"));
    }

    void tenThousandSamples()
    {
        const int n = 10000;
        std::mt19937 rng(7);
        std::normal_distribution<float> noise(0.f, 1.f);
        QVector<float> a(n * kClasses), b(n * kClasses);
        QVector<qint64> labels(n);
        for (int i = 0; i < n; ++i) {
            labels[i] = i % kClasses;
            for (int c = 0; c < kClasses; ++c) {
                const float signal = c == labels[i] ? 1.5f : 0.f;
                a[i * kClasses + c] = signal + noise(rng);
                b[i * kClasses + c] = signal + noise(rng);
            }
        }
        const auto c = std::make_shared<const Comparison>(flipbench::ui::comparisonFromLogits(a, b, labels, kClasses));
        QCOMPARE(int(c->samples.size()), n);
        QCOMPARE(c->report.table.bothCorrect + c->report.table.negativeFlips + c->report.table.positiveFlips +
                     c->report.table.bothWrong,
                 qint64(n));
        QVERIFY(c->report.table.negativeFlips > 0 && c->report.table.positiveFlips > 0);
        FlipGalleryModel model;
        model.setComparison(c);
        const std::vector<std::pair<SampleSet, qint64>> sets = {
            {SampleSet::NegativeFlips, c->report.table.negativeFlips},
            {SampleSet::PositiveFlips, c->report.table.positiveFlips},
            {SampleSet::BothWrong, c->report.table.bothWrong},
            {SampleSet::BothCorrect, c->report.table.bothCorrect},
            {SampleSet::All, n}};
        for (const auto& [set, expected] : sets) {
            model.setSampleSet(set);
            for (SortOrder order : {SortOrder::ConfidenceDrop, SortOrder::ConfidenceInWrongClass, SortOrder::TrueClass,
                                    SortOrder::Index}) {
                model.setSortOrder(order);
                QCOMPARE(qint64(model.count()), expected);
            }
        }
    }
};

QTEST_MAIN(TestFlipGallery)
#include "tst_flip_gallery.moc"
