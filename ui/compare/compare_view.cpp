#include "ui/compare/compare_view.h"

#include "ui/compare/compare_all_runs.h"
#include "ui/compare/seed_groups_panel.h"
#include "ui/compare/compare_widgets.h"
#include "ui/compare/flip_gallery_model.h"
#include "ui/compare/flip_gallery_panel.h"
#include "ui/compare/model_pair_picker.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/runs/run_row.h"
#include "ui/compare/sample_history.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>

namespace flipbench::ui {

namespace {

/// What the worker hands back: owned values only, nothing shared with the GUI thread.
struct CompareOutcome {
    std::shared_ptr<const Comparison> comparison;
    std::shared_ptr<const QVector<QImage>> images;
    std::shared_ptr<const OtherRuns> others;
    QString error, imageNote;
};

} // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent)
{
    model_ = new FlipGalleryModel(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildTopBar());
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName(QStringLiteral("compareErrorLabel"));
    errorLabel_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    errorLabel_->setWordWrap(true);
    errorLabel_->setVisible(false);
    layout->addWidget(errorLabel_);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    pairSplitter_ = splitter;
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    summary_ = new CompareSummary(left);
    summary_->setObjectName(QStringLiteral("summaryPanel"));
    matrix_ = new FlipMatrixTable(left);
    matrix_->setMaximumHeight(140);
    heatmap_ = new ClassHeatmap(left);
    leftLayout->addWidget(summary_);
    leftLayout->addWidget(matrix_);
    auto* heatmapCaption = new QLabel(tr("Negative flips by class (true → B)"), left);
    heatmapCaption->setWordWrap(true); // may wrap rather than widen the column
    leftLayout->addWidget(heatmapCaption);
    leftLayout->addWidget(heatmap_, 1);
    splitter->addWidget(left);
    gallery_ = new FlipGalleryPanel(model_, splitter);
    splitter->addWidget(gallery_);
    // The detail panel (a 192-pixel image over the softmax plot) was the tallest column: scrolled,
    // it no longer keeps the window from being made shorter than about 745 pixels.
    detail_ = new SampleDetail;
    auto* detailScroll = new QScrollArea(splitter);
    detailScroll->setObjectName(QStringLiteral("sampleDetailScroll"));
    detailScroll->setWidget(detail_);
    detailScroll->setWidgetResizable(true);
    detailScroll->setFrameShape(QFrame::NoFrame);
    detailScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the softmax plot needs (hidden until a sample is chosen, so not in the size hint).
    const QMargins margins = detail_->layout()->contentsMargins();
    const int detailWidth = std::max(detail_->minimumSizeHint().width(),
                                     detail_->plot()->minimumWidth() + margins.left() + margins.right());
    detailScroll->setMinimumWidth(detailWidth + detailScroll->verticalScrollBar()->sizeHint().width());
    splitter->addWidget(detailScroll);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({450, 540, 290});
    // One pair in depth, or NFR between many runs (a matrix cell or a plot point makes that pair
    // A and B and comes back here).
    allRuns_ = new AllRunsPanel(this);
    pageTabs_ = new QTabWidget(this);
    pageTabs_->setObjectName(QStringLiteral("compareTabs"));
    pageTabs_->addTab(splitter, tr("This pair"));
    pageTabs_->addTab(allRuns_, tr("All runs"));
    seedGroups_ = new SeedGroupsPanel(this);
    pageTabs_->addTab(seedGroups_, tr("Seeds"));
    pageTabs_->setTabToolTip(2, tr("Runs grouped over seeds: mean ± sd, intervals, the noise floor, and "
                                   "whether each method beats retraining"));
    connect(allRuns_, &AllRunsPanel::pairChosen, this, [this](const QString& a, const QString& b) {
        pageTabs_->setCurrentIndex(0);
        compare(a, b);
    });
    layout->addWidget(pageTabs_, 1);

    connect(matrix_, &FlipMatrixTable::outcomeChosen, this, [this](bool a, bool b) {
        model_->setTableCellFilter(a, b);
        gallery_->syncControls();
    });
    connect(heatmap_, &ClassHeatmap::cellChosen, this, [this](int t, int p) {
        model_->setCellFilter(t, p);
        gallery_->syncControls();
    });
    connect(gallery_, &FlipGalleryPanel::selectionChanged, this, &CompareView::showCurrentSample);
    connect(model_, &QAbstractItemModel::modelReset, this, &CompareView::showCurrentSample);
    showResult(nullptr, nullptr, QString(), QString());
}

CompareView::~CompareView() = default;

QWidget* CompareView::buildTopBar()
{
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    picker_ = new ModelPairPicker(bar);
    connect(picker_, &ModelPairPicker::pairChosen, this, &CompareView::compareSelected);
    busyLabel_ = new QLabel(tr("Comparing…"), bar);
    busyLabel_->setObjectName(QStringLiteral("compareBusyLabel"));
    busyLabel_->setVisible(false);
    row->addWidget(picker_, 1);
    row->addWidget(busyLabel_);
    return bar;
}

void CompareView::setWorkspace(const QString& dir)
{
    workspace_ = dir;
    allRuns_->setWorkspace(dir);
    seedGroups_->setWorkspace(dir);
    picker_->setWorkspace(dir);
    refreshRuns();
}

void CompareView::refreshRuns()
{
    allRuns_->refreshRuns();
    seedGroups_->refreshRuns();
    picker_->refresh();
}

bool CompareView::hasChosenModels() const
{
    return busy_ || comparison_ || !picker_->pathA().isEmpty() || !picker_->pathB().isEmpty();
}

void CompareView::compareSelected()
{
    const QString a = picker_->pathA(), b = picker_->pathB();
    if (!a.isEmpty() && !b.isEmpty())
        compare(a, b);
}

bool CompareView::compare(const QString& pathA, const QString& pathB)
{
    if (pathA.isEmpty() || pathB.isEmpty())
        return false;
    picker_->setPair(pathA, pathB);
    busy_ = true;
    busyLabel_->setVisible(true);
    const int generation = ++generation_;
    QStringList runDirs; // read here: the workspace belongs to the GUI thread
    if (!workspace_.isEmpty())
        for (const RunRow& row : readWorkspaceRows(workspace_))
            if (!row.dir.isEmpty() && row.state == flipbench::RunState::Completed)
                runDirs << row.dir;
    auto* watcher = new QFutureWatcher<CompareOutcome>(this);
    connect(watcher, &QFutureWatcher<CompareOutcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != generation_)
            return; // a newer comparison was asked for meanwhile
        const CompareOutcome out = watcher->result();
        others_ = out.others;
        showResult(out.comparison, out.images, out.error, out.imageNote);
    });
    watcher->setFuture(QtConcurrent::run([pathA, pathB, runDirs]() -> CompareOutcome {
        CompareOutcome out;
        try {
            auto comparison = std::make_shared<Comparison>(computeComparison(pathA, pathB));
            out.images = std::make_shared<const QVector<QImage>>(loadComparisonImages(*comparison, &out.imageNote));
            out.others = std::make_shared<const OtherRuns>(loadOtherRuns(runDirs, *comparison));
            out.comparison = std::move(comparison);
        } catch (const std::exception& e) { // UserError, but also anything a damaged file throws
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    }));
    return true;
}

void CompareView::showAllRuns()
{
    pageTabs_->setCurrentWidget(allRuns_);
    allRuns_->computeChecked();
}

void CompareView::showSeedGroups()
{
    pageTabs_->setCurrentWidget(seedGroups_); // shown, the tab builds its table
}

void CompareView::swap()
{
    if (picker_->swap())
        compareSelected();
}

void CompareView::showResult(std::shared_ptr<const Comparison> comparison,
                             std::shared_ptr<const QVector<QImage>> images, const QString& error,
                             const QString& imageNote)
{
    busy_ = false;
    busyLabel_->setVisible(false);
    error_ = error;
    errorLabel_->setText(error);
    errorLabel_->setVisible(!error.isEmpty());
    comparison_ = std::move(comparison);
    images_ = std::move(images);
    const Comparison* c = comparison_.get();
    summary_->setComparison(c);
    matrix_->setComparison(c);
    heatmap_->setComparison(c);
    gallery_->setComparison(c, imageNote);
    model_->setComparison(comparison_, images_);
    gallery_->syncControls();
    // The first tile (by default the sample whose p(true) fell most) fills the detail panel, so
    // a new comparison opens on its clearest regression rather than on an empty panel.
    if (c)
        gallery_->selectFirst();
    if (c && !splitterFitted_ && isVisible())
        QTimer::singleShot(0, this, &CompareView::fitPairColumns); // once the heatmap is laid out
    if (c || !error.isEmpty())
        Q_EMIT comparisonReady();
}

void CompareView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (comparison_ && !splitterFitted_)
        QTimer::singleShot(0, this, &CompareView::fitPairColumns);
}

void CompareView::fitPairColumns()
{
    if (splitterFitted_ || !comparison_ || pairSplitter_->width() <= 0)
        return;
    // Once, when the first comparison is shown: the left column as wide as the class heatmap
    // needs (so it does not scroll), the detail panel its plot's width, the gallery the rest.
    // After that the user's dragging wins.
    splitterFitted_ = true;
    const int heatmapWidth = heatmap_->verticalHeader()->sizeHint().width() + heatmap_->horizontalHeader()->length() +
                             2 * heatmap_->frameWidth() + 24;
    const int total = pairSplitter_->width();
    const int detail = std::max(290, pairSplitter_->widget(2)->minimumWidth());
    // The gallery keeps at least what its control rows need, so a narrow window shortens the
    // heatmap column rather than cutting the thumbnail slider off.
    const int gallery = std::max(200, pairSplitter_->widget(1)->minimumSizeHint().width());
    const int left = std::max(0, std::min({heatmapWidth, total / 2 - 40, total - detail - gallery}));
    pairSplitter_->setSizes({left, std::max(gallery, total - left - detail), detail});
}

void CompareView::showCurrentSample()
{
    const int sample = gallery_->selectedSample();
    const QImage image = images_ && sample >= 0 && sample < images_->size() ? (*images_)[sample] : QImage();
    detail_->showSample(comparison_.get(), sample, image);
    detail_->setHistoryText(others_ && comparison_ ? sampleHistoryText(*others_, *comparison_, sample) : QString());
}

} // namespace flipbench::ui
