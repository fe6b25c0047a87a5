// The Compare view widget: two hand-made run folders (every count known), compared in the
// background, shown in the summary, the 2x2 table and the heatmap; clicks narrow the gallery;
// swap exchanges the sides; a mismatched pair shows its message; a selected sample fills the
// softmax plot. Offscreen; no timing.

#include "flip_fixture.h"
#include "test_support.h"

#include "ui/compare/compare_view.h"
#include "ui/compare/compare_widgets.h"
#include "ui/compare/flip_gallery_model.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/rotated_header_view.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/runs/run_store.h"

#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QSlider>
#include <QTableWidget>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>

using fbtest::toQString;
using flipbench::ui::CompareView;
using flipbench::ui::Comparison;
using flipbench::ui::FlipGalleryModel;
namespace fs = std::filesystem;

namespace {

constexpr int kClasses = fbtest::kFlipClasses;
const std::vector<fbtest::PlannedOutcome>& kPlan = fbtest::plannedOutcomes();

QString cellText(QTableWidget* table, int row, int column)
{
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text() : QString();
}

void clickCell(QTableWidget* table, int row, int column)
{
    const QRect rect = table->visualItemRect(table->item(row, column));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

} // namespace

class TestCompareView : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    QString runA_, runB_, other_;
    std::unique_ptr<CompareView> view_;

    bool compareAndWait(const QString& a, const QString& b)
    {
        QSignalSpy ready(view_.get(), &CompareView::comparisonReady);
        if (!view_->compare(a, b))
            return false;
        return fbtest::waitUntil([&] { return ready.count() > 0; }, 20000) && !view_->isBusy();
    }
    template <typename T> T* child(const char* name) { return view_->findChild<T*>(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch_ / "data");
        runA_ = fbtest::writeCompletedRun(scratch_ / "ws", "old", fbtest::plannedLogitsOf(true), data, data.test.labels,
                                          fingerprint);
        runB_ = fbtest::writeCompletedRun(scratch_ / "ws", "new", fbtest::plannedLogitsOf(false), data,
                                          data.test.labels, fingerprint);
        other_ = fbtest::writeCompletedRun(scratch_ / "ws", "other", fbtest::plannedLogitsOf(false), data,
                                           data.test.labels, "fnv1a64:other");
        view_ = std::make_unique<CompareView>();
        view_->resize(1400, 800);
        view_->setWorkspace(toQString(scratch_ / "ws"));
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
    }

    void combosListCompletedRuns()
    {
        for (const char* name : {"modelACombo", "modelBCombo"}) {
            auto* combo = child<QComboBox>(name);
            QVERIFY(combo);
            QVERIFY(combo->findText("old") >= 0 && combo->findText("new") >= 0);
            QCOMPARE(combo->itemData(combo->findText("old")).toString(), runA_);
            QVERIFY(combo->itemText(combo->count() - 1).startsWith("Prediction file"));
        }
    }

    void compareFillsSummaryAndMatrix()
    {
        QVERIFY(compareAndWait(runA_, runB_));
        QVERIFY2(view_->errorText().isEmpty(), qPrintable(view_->errorText()));
        const auto c = view_->comparison();
        QVERIFY(c);
        QCOMPARE(c->report.table.negativeFlips, qint64(6));
        auto* matrix = child<QTableWidget>("flipMatrix");
        QCOMPARE(cellText(matrix, 0, 0), QStringLiteral("3\n(25.00%)"));
        QCOMPARE(cellText(matrix, 0, 1), QStringLiteral("6\n(50.00%)"));
        QCOMPARE(cellText(matrix, 1, 0), QStringLiteral("2\n(16.67%)"));
        QCOMPARE(cellText(matrix, 1, 1), QStringLiteral("1\n(8.33%)"));
        QCOMPARE(matrix->item(0, 1)->background().color().red(), 255);
        const QString nfr = QString::number(c->report.nfr * 100, 'f', 2) + "%";
        QCOMPARE(child<QLabel>("nfrValue")->text(), nfr);
        QCOMPARE(flipbench::ui::formatPercent(c->report.nfr), nfr);
        QVERIFY(!child<QLabel>("nfrValue")->toolTip().isEmpty());
        QCOMPARE(child<QLabel>("pfrValue")->text(), flipbench::ui::formatPercent(c->report.pfr));
        QCOMPARE(child<QLabel>("nfiValue")->text(), QStringLiteral("85.71%"));
        // McNemar on the 6 + 2 discordant samples: p = 2 (C(8,0) + C(8,1) + C(8,2)) / 2^8 = 74/256.
        QCOMPARE(child<QLabel>("mcnemarValue")->text(),
                 QStringLiteral("exact p 0.2891 (6 only A right, 2 only B right): no evidence that their "
                                "accuracies differ at the 5% level"));
        QCOMPARE(child<QLabel>("accDeltaValue")->text(),
                 flipbench::ui::formatPercentPoints(c->report.accB - c->report.accA));
        // One formatter for every share the workbench prints: two decimals, points signed.
        QCOMPARE(flipbench::ui::formatPercent(0.7615), QStringLiteral("76.15%"));
        QCOMPARE(flipbench::ui::formatPercent(std::nan("")), QStringLiteral("–"));
        QCOMPARE(flipbench::ui::formatPercentPoints(-1.0 / 12), QStringLiteral("-8.33 pts"));
        QCOMPARE(flipbench::ui::formatPercentPoints(0.0125), QStringLiteral("+1.25 pts"));
        QCOMPARE(flipbench::ui::formatPercentPoints(-0.00001), QStringLiteral("+0.00 pts"));
        // Counts read as English, not "1 run(s)".
        QCOMPARE(flipbench::ui::countOf(1, "run", "runs"), QStringLiteral("1 run"));
        QCOMPARE(flipbench::ui::countOf(0, "run", "runs"), QStringLiteral("0 runs"));
        QCOMPARE(flipbench::ui::countOf(4, "run", "runs"), QStringLiteral("4 runs"));
        QCOMPARE(child<QComboBox>("modelACombo")->currentText(), QStringLiteral("old"));
        QCOMPARE(child<QLabel>("galleryCountLabel")->text(), QStringLiteral("6 negative flips shown"));
        QVERIFY(!child<QLabel>("compareErrorLabel")->isVisible());
    }

    void matrixClickFiltersTheGallery()
    {
        auto* matrix = child<QTableWidget>("flipMatrix");
        clickCell(matrix, 1, 0); // positive flips
        QCOMPARE(qint64(view_->galleryModel()->count()), view_->comparison()->report.table.positiveFlips);
        QCOMPARE(child<QComboBox>("sampleSetCombo")->currentIndex(), 1);
        clickCell(matrix, 0, 1); // negative flips
        QCOMPARE(qint64(view_->galleryModel()->count()), view_->comparison()->report.table.negativeFlips);
        QCOMPARE(child<QComboBox>("sampleSetCombo")->currentIndex(), 0);
        QCOMPARE(child<QLabel>("galleryCountLabel")->text(), QStringLiteral("6 negative flips shown"));
    }

    void heatmapClickFiltersTheGallery()
    {
        auto* heatmap = child<QTableWidget>("classHeatmap");
        const auto c = view_->comparison();
        QCOMPARE(heatmap->rowCount(), kClasses + 1);
        QCOMPARE(heatmap->horizontalHeaderItem(3)->text(), QStringLiteral("cat"));
        // Full names, not "auto.": the column headers run upwards and are as high as the longest.
        QCOMPARE(heatmap->horizontalHeaderItem(1)->text(), QStringLiteral("automobile"));
        QVERIFY(qobject_cast<flipbench::ui::RotatedHeaderView*>(heatmap->horizontalHeader()));
        QVERIFY(heatmap->horizontalHeader()->sizeHint().height() >=
                heatmap->horizontalHeader()->fontMetrics().horizontalAdvance(QStringLiteral("automobile")));
        QVERIFY(heatmap->columnWidth(1) < heatmap->horizontalHeader()->fontMetrics().horizontalAdvance(
                                              QStringLiteral("automobile"))); // the columns stay narrow
        QCOMPARE(cellText(heatmap, 3, 5), QStringLiteral("2"));
        QCOMPARE(cellText(heatmap, kClasses, kClasses), QStringLiteral("6"));
        clickCell(heatmap, 3, 5);
        QCOMPARE(view_->galleryModel()->count(), 2);
        QCOMPARE(child<QComboBox>("trueClassFilter")->currentText(), QStringLiteral("cat"));
        QCOMPARE(child<QComboBox>("predBFilter")->currentText(), QStringLiteral("dog"));
        for (int t = 0; t < kClasses; ++t)
            for (int p = 0; p < kClasses; ++p) {
                Q_EMIT heatmap->cellClicked(t, p);
                QCOMPARE(qint64(view_->galleryModel()->count()), c->report.negativeFlipMatrix[t][p]);
            }
        Q_EMIT heatmap->cellClicked(3, kClasses); // the row total: every negative flip of cats
        QCOMPARE(view_->galleryModel()->count(), 2);
        Q_EMIT heatmap->cellClicked(kClasses, kClasses);
        QCOMPARE(view_->galleryModel()->count(), 6);
    }

    void selectedSampleFillsTheSoftmaxPlot()
    {
        auto* gallery = child<QListView>("galleryView");
        QVERIFY(view_->galleryModel()->count() > 0);
        gallery->setCurrentIndex(view_->galleryModel()->index(0));
        auto* plot = child<QCustomPlot>("softmaxPlot");
        QVERIFY(plot);
        QCOMPARE(plot->plottableCount(), 2);
        for (int k = 0; k < 2; ++k) {
            auto* bars = qobject_cast<QCPBars*>(plot->plottable(k));
            QVERIFY(bars && bars->barsGroup());
            QCOMPARE(bars->data()->size(), kClasses);
        }
        const int sample = view_->galleryModel()->sampleAt(0);
        const auto* bars = qobject_cast<QCPBars*>(plot->plottable(1));
        const auto c = view_->comparison();
        QVERIFY(std::fabs(bars->data()->at(c->samples[sample].predB)->value -
                          c->probsB[sample * kClasses + c->samples[sample].predB]) < 1e-6);
        QVERIFY(child<QLabel>("sampleCaption")->text().startsWith(QStringLiteral("#%1 · true: ").arg(sample)));
        QVERIFY(!view_->grab().isNull());

        // The legend names both sides in a row of its own: inside the axis rect it hid the tallest bars.
        plot->replot(QCustomPlot::rpImmediateRefresh);
        QVERIFY(plot->legend->visible());
        QCOMPARE(plot->legend->itemCount(), 2);
        QVERIFY(plot->legend->layout() != plot->axisRect()->insetLayout());
        QVERIFY(plot->axisRect()->rect().height() > 0);
        QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->rect()));
    }

    void swapExchangesTheSides()
    {
        const double oldPfr = view_->comparison()->report.pfr;
        QSignalSpy ready(view_.get(), &CompareView::comparisonReady);
        QTest::mouseClick(child<QWidget>("swapButton"), Qt::LeftButton);
        QVERIFY(fbtest::waitUntil([&] { return ready.count() > 0; }, 20000));
        QCOMPARE(view_->comparison()->pathA, runB_);
        QCOMPARE(view_->comparison()->report.nfr, oldPfr);
        QCOMPARE(child<QComboBox>("modelACombo")->currentText(), QStringLiteral("new"));
        QCOMPARE(child<QComboBox>("modelBCombo")->currentText(), QStringLiteral("old"));
        QCOMPARE(child<QLabel>("nfrValue")->text(), flipbench::ui::formatPercent(oldPfr));
        QCOMPARE(cellText(child<QTableWidget>("flipMatrix"), 0, 1), QStringLiteral("2\n(16.67%)"));
    }

    void mismatchShowsAnError()
    {
        QVERIFY(compareAndWait(runA_, other_));
        QVERIFY(!view_->comparison());
        auto* label = child<QLabel>("compareErrorLabel");
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().contains("different test sets"), qPrintable(label->text()));
        QCOMPARE(view_->errorText(), label->text());
        QCOMPARE(view_->galleryModel()->count(), 0);
        QCOMPARE(child<QTableWidget>("classHeatmap")->rowCount(), 0);
        QCOMPARE(child<QCustomPlot>("softmaxPlot")->plottableCount(), 0);
        QVERIFY(compareAndWait(runA_, toQString(scratch_ / "ws" / "missing")));
        QVERIFY(!view_->errorText().isEmpty());
        // A good pair afterwards clears the message.
        QVERIFY(compareAndWait(runA_, runB_));
        QVERIFY(view_->errorText().isEmpty() && !label->isVisible());
        QCOMPARE(view_->galleryModel()->count(), 6);
        QVERIFY(!view_->compare(QString(), runB_));
    }

    void narrowAndShortWindowsKeepEveryControl()
    {
        // A sample in the detail panel (its image and softmax plot are the tallest column).
        QVERIFY(view_->comparison());
        view_->galleryModel()->setSampleSet(FlipGalleryModel::SampleSet::All);
        child<QListView>("galleryView")->setCurrentIndex(view_->galleryModel()->index(0));
        QVERIFY(child<QCustomPlot>("softmaxPlot")->isVisibleTo(view_.get()));
        // Room for the main window's menus, toolbar, tabs and status bar in a 700-pixel window.
        QVERIFY2(view_->minimumSizeHint().height() <= 560,
                 qPrintable(QString::number(view_->minimumSizeHint().height())));

        const QSize narrow(1024, 700);
        view_->resize(narrow);
        QVERIFY(fbtest::waitUntil([&] { return view_->size() == narrow; }, 10000));
        auto* slider = child<QSlider>("thumbSizeSlider");
        QVERIFY(slider);
        const auto sliderShown = [&] {
            const QRect inView(slider->mapTo(view_.get(), QPoint(0, 0)), slider->size());
            return slider->isVisibleTo(view_.get()) && slider->width() >= 60 && view_->rect().contains(inView) &&
                   slider->parentWidget()->rect().contains(slider->geometry());
        };
        QVERIFY(fbtest::waitUntil(sliderShown, 10000));
        view_->resize(1400, 800);
    }

    void cleanupTestCase() { view_.reset(); }
};

QTEST_MAIN(TestCompareView)
#include "tst_compare_view.moc"
