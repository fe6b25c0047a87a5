#include "ui/compare/flip_gallery_panel.h"

#include "ui/compare/comparison.h"
#include "ui/compare/flip_gallery_delegate.h"
#include "ui/compare/flip_gallery_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>

namespace flipbench::ui {

namespace {

const char* const kSetNouns[] = {"negative flips", "positive flips", "both wrong", "both correct", "samples"};

} // namespace

FlipGalleryPanel::FlipGalleryPanel(FlipGalleryModel* model, QWidget* parent) : QWidget(parent), model_(model)
{
    QWidget* panel = this;
    auto* column = new QVBoxLayout(panel);
    auto* controls = new QHBoxLayout;
    setCombo_ = new QComboBox(panel);
    setCombo_->setObjectName(QStringLiteral("sampleSetCombo"));
    setCombo_->addItems({tr("Negative flips"), tr("Positive flips"), tr("Both wrong"), tr("Both correct"), tr("All")});
    sortCombo_ = new QComboBox(panel);
    sortCombo_->setObjectName(QStringLiteral("sortCombo"));
    sortCombo_->addItems(
        {tr("Confidence drop"), tr("B's confidence in its wrong class"), tr("True class"), tr("Index")});
    trueFilter_ = new QComboBox(panel);
    trueFilter_->setObjectName(QStringLiteral("trueClassFilter"));
    trueFilter_->setToolTip(tr("Only samples of this true class"));
    predBFilter_ = new QComboBox(panel);
    predBFilter_->setObjectName(QStringLiteral("predBFilter"));
    predBFilter_->setToolTip(tr("Only samples B predicts as this class"));
    // Short rows rather than one long one, so the column can be narrow at 1280 pixels and leave
    // the class heatmap beside it its full width; the combos shrink to a few characters.
    for (QComboBox* combo : {setCombo_, sortCombo_, trueFilter_, predBFilter_}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(combo == setCombo_ || combo == sortCombo_ ? 10 : 6);
    }
    controls->addWidget(setCombo_, 1); // the combos share what the column has beyond their minimum
    controls->addWidget(new QLabel(tr("Sort:"), panel));
    controls->addWidget(sortCombo_, 1);
    column->addLayout(controls);

    auto* filters = new QHBoxLayout;
    thumbSlider_ = new QSlider(Qt::Horizontal, panel);
    thumbSlider_->setObjectName(QStringLiteral("thumbSizeSlider"));
    thumbSlider_->setRange(48, 192);
    thumbSlider_->setValue(96);
    thumbSlider_->setToolTip(tr("Thumbnail size"));
    thumbSlider_->setMinimumWidth(80); // beside the class filters it was squeezed to nothing at 1024 pixels
    thumbSlider_->setMaximumWidth(160);
    smoothCheck_ = new QCheckBox(tr("Smooth"), panel);
    smoothCheck_->setObjectName(QStringLiteral("smoothCheck"));
    smoothCheck_->setToolTip(tr("Bilinear scaling; off shows the pixels the models saw"));
    filters->addWidget(new QLabel(tr("True:"), panel));
    filters->addWidget(trueFilter_, 1);
    filters->addWidget(new QLabel(tr("B says:"), panel));
    filters->addWidget(predBFilter_, 1);
    column->addLayout(filters);

    auto* thumbnails = new QHBoxLayout; // a row of its own: it stays visible however narrow the column
    thumbnails->addWidget(new QLabel(tr("Size:"), panel));
    thumbnails->addWidget(thumbSlider_, 1);
    thumbnails->addWidget(smoothCheck_);
    thumbnails->addStretch(1);
    column->addLayout(thumbnails);

    auto* view = new QHBoxLayout;
    countLabel_ = new QLabel(panel);
    countLabel_->setObjectName(QStringLiteral("galleryCountLabel"));
    countLabel_->setWordWrap(true); // may take two lines rather than widen the column
    auto* csvButton = new QPushButton(tr("Export CSV…"), panel);
    csvButton->setObjectName(QStringLiteral("exportCsvButton"));
    auto* sheetButton = new QPushButton(tr("Contact Sheet…"), panel);
    sheetButton->setObjectName(QStringLiteral("contactSheetButton"));
    sheetButton->setToolTip(tr("Save the shown samples as one PNG image"));
    view->addWidget(countLabel_, 1);
    view->addWidget(csvButton);
    view->addWidget(sheetButton);
    column->addLayout(view);

    imageNote_ = new QLabel(panel);
    imageNote_->setObjectName(QStringLiteral("imageNoteLabel"));
    imageNote_->setWordWrap(true);
    imageNote_->setVisible(false);
    column->addWidget(imageNote_);

    gallery_ = new QListView(panel);
    gallery_->setObjectName(QStringLiteral("galleryView"));
    gallery_->setViewMode(QListView::IconMode);
    gallery_->setFlow(QListView::LeftToRight);
    gallery_->setWrapping(true);
    gallery_->setResizeMode(QListView::Adjust);
    gallery_->setMovement(QListView::Static);
    gallery_->setUniformItemSizes(true);
    gallery_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    delegate_ = new FlipGalleryDelegate(gallery_);
    gallery_->setItemDelegate(delegate_);
    gallery_->setModel(model_);
    column->addWidget(gallery_, 1);

    connect(gallery_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FlipGalleryPanel::selectionChanged);
    connect(model_, &QAbstractItemModel::modelReset, this, &FlipGalleryPanel::updateCount);
    connect(setCombo_, &QComboBox::currentIndexChanged, this, [this](int index) {
        model_->setSampleSet(static_cast<FlipGalleryModel::SampleSet>(index));
        updateCount();
    });
    connect(sortCombo_, &QComboBox::currentIndexChanged, this,
            [this](int index) { model_->setSortOrder(static_cast<FlipGalleryModel::SortOrder>(index)); });
    connect(trueFilter_, &QComboBox::currentIndexChanged, this, [this] {
        model_->setTrueClassFilter(trueFilter_->currentData().isValid() ? trueFilter_->currentData().toInt() : -1);
    });
    connect(predBFilter_, &QComboBox::currentIndexChanged, this, [this] {
        model_->setPredBFilter(predBFilter_->currentData().isValid() ? predBFilter_->currentData().toInt() : -1);
    });
    connect(thumbSlider_, &QSlider::valueChanged, this, [this](int pixels) {
        delegate_->setThumbnailSize(pixels);
        gallery_->doItemsLayout();
        gallery_->viewport()->update();
    });
    connect(smoothCheck_, &QCheckBox::toggled, this, [this](bool on) {
        delegate_->setSmooth(on);
        gallery_->viewport()->update();
    });
    connect(csvButton, &QPushButton::clicked, this, &FlipGalleryPanel::exportCsv);
    connect(sheetButton, &QPushButton::clicked, this, &FlipGalleryPanel::exportSheet);
    updateCount();
}

void FlipGalleryPanel::setComparison(const Comparison* c, const QString& imageNote)
{
    hasComparison_ = c != nullptr;
    imageNote_->setText(c ? imageNote : QString());
    imageNote_->setVisible(c && !imageNote.isEmpty());
    for (QComboBox* filter : {trueFilter_, predBFilter_}) {
        const QSignalBlocker block(filter);
        filter->clear();
        filter->addItem(tr("any"), -1);
        for (int k = 0; c && k < c->numClasses; ++k)
            filter->addItem(c->className(k), k);
    }
}

void FlipGalleryPanel::syncControls()
{
    const QSignalBlocker b1(setCombo_), b2(sortCombo_), b3(trueFilter_), b4(predBFilter_);
    setCombo_->setCurrentIndex(static_cast<int>(model_->sampleSet()));
    sortCombo_->setCurrentIndex(static_cast<int>(model_->sortOrder()));
    trueFilter_->setCurrentIndex(std::max(0, trueFilter_->findData(model_->trueClassFilter())));
    predBFilter_->setCurrentIndex(std::max(0, predBFilter_->findData(model_->predBFilter())));
    updateCount();
}

void FlipGalleryPanel::selectFirst()
{
    if (model_->count() > 0)
        gallery_->setCurrentIndex(model_->index(0));
}

int FlipGalleryPanel::selectedSample() const
{
    const QModelIndexList selected = gallery_->selectionModel()->selectedIndexes();
    return selected.size() == 1 ? model_->sampleAt(selected.first().row()) : -1;
}

void FlipGalleryPanel::updateCount()
{
    if (!hasComparison_) {
        countLabel_->setText(tr("No comparison"));
        return;
    }
    const int set = static_cast<int>(model_->sampleSet());
    countLabel_->setText(tr("%1 %2 shown").arg(model_->count()).arg(QString::fromLatin1(kSetNouns[set])));
}

void FlipGalleryPanel::warn(const QString& title, const QString& message)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // not exec(): the page keeps running
}

void FlipGalleryPanel::exportCsv()
{
    if (!hasComparison_)
        return;
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export CSV"), QStringLiteral("flips.csv"), tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!model_->exportCsv(file, gallery_->selectionModel()->selectedIndexes(), &error))
        warn(tr("Export CSV"), error);
}

void FlipGalleryPanel::exportSheet()
{
    if (!hasComparison_)
        return;
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Contact sheet"), QStringLiteral("flips.png"), tr("PNG images (*.png)"));
    if (file.isEmpty())
        return;
    QModelIndexList selected = gallery_->selectionModel()->selectedIndexes();
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QVector<int> samples;
    for (const QModelIndex& index : selected)
        samples << model_->sampleAt(index.row());
    if (samples.isEmpty())
        samples = model_->visibleSamples();
    QString error;
    if (!model_->exportContactSheet(file, samples, &error))
        warn(tr("Contact sheet"), error);
}

} // namespace flipbench::ui
