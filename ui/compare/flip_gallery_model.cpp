#include "ui/compare/flip_gallery_model.h"

#include <QFontMetrics>
#include <QPainter>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flipbench::ui {

namespace {

QString probability(float p)
{
    return std::isnan(p) ? QStringLiteral("–") : QString::number(double(p), 'f', 2);
}

/// RFC 4180 quoting, only where needed: class names come from a user-editable file.
QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString confField(float p)
{
    return std::isnan(p) ? QString() : QString::number(double(p), 'f', 4);
}

bool writeAtomically(const QString& file, const QByteArray& bytes, QString* error)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        if (error)
            *error = FlipGalleryModel::tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

} // namespace

FlipGalleryModel::FlipGalleryModel(QObject* parent) : QAbstractListModel(parent) {}

void FlipGalleryModel::setComparison(std::shared_ptr<const Comparison> comparison,
                                     std::shared_ptr<const QVector<QImage>> images)
{
    comparison_ = std::move(comparison);
    images_ = std::move(images);
    // Filters of the previous pair may name classes the new one lacks; start from the whole set.
    trueFilter_ = predBFilter_ = -1;
    rebuild();
}

void FlipGalleryModel::setImages(std::shared_ptr<const QVector<QImage>> images)
{
    images_ = std::move(images);
    if (!rows_.isEmpty())
        Q_EMIT dataChanged(index(0), index(rows_.size() - 1), {Qt::DecorationRole});
}

void FlipGalleryModel::setSampleSet(SampleSet set)
{
    if (set_ == set)
        return;
    set_ = set;
    rebuild();
}

void FlipGalleryModel::setTrueClassFilter(int trueClass)
{
    if (trueFilter_ == trueClass)
        return;
    trueFilter_ = trueClass;
    rebuild();
}

void FlipGalleryModel::setPredBFilter(int predB)
{
    if (predBFilter_ == predB)
        return;
    predBFilter_ = predB;
    rebuild();
}

void FlipGalleryModel::setCellFilter(int trueClass, int predB)
{
    // One reset for the three changes: a heatmap click must not flash the intermediate sets.
    set_ = SampleSet::NegativeFlips;
    trueFilter_ = trueClass;
    predBFilter_ = predB;
    rebuild();
}

void FlipGalleryModel::setTableCellFilter(bool aCorrect, bool bCorrect)
{
    set_ = aCorrect ? (bCorrect ? SampleSet::BothCorrect : SampleSet::NegativeFlips)
                    : (bCorrect ? SampleSet::PositiveFlips : SampleSet::BothWrong);
    trueFilter_ = predBFilter_ = -1;
    rebuild();
}

void FlipGalleryModel::clearFilters()
{
    trueFilter_ = predBFilter_ = -1;
    rebuild();
}

void FlipGalleryModel::setSortOrder(SortOrder order)
{
    if (order_ == order)
        return;
    order_ = order;
    rebuild();
}

bool FlipGalleryModel::accepts(const SampleOutcome& s) const
{
    const bool a = s.aCorrect(), b = s.bCorrect();
    switch (set_) {
    case SampleSet::NegativeFlips:
        if (!a || b)
            return false;
        break;
    case SampleSet::PositiveFlips:
        if (a || !b)
            return false;
        break;
    case SampleSet::BothWrong:
        if (a || b)
            return false;
        break;
    case SampleSet::BothCorrect:
        if (!a || !b)
            return false;
        break;
    case SampleSet::All:
        break;
    }
    return (trueFilter_ < 0 || s.label == trueFilter_) && (predBFilter_ < 0 || s.predB == predBFilter_);
}

void FlipGalleryModel::rebuild()
{
    beginResetModel();
    rows_.clear();
    if (comparison_) {
        const QVector<SampleOutcome>& samples = comparison_->samples;
        rows_.reserve(samples.size());
        for (const SampleOutcome& s : samples)
            if (accepts(s))
                rows_.append(s.index);
        const SampleOutcome* at = samples.constData();
        // Without probabilities every confidence is NaN, which no comparison orders: use the index.
        const SortOrder order =
            (comparison_->hasProbabilities || order_ == SortOrder::TrueClass) ? order_ : SortOrder::Index;
        switch (order) {
        case SortOrder::ConfidenceDrop:
            std::sort(rows_.begin(), rows_.end(), [at](int l, int r) {
                const float dl = at[l].pTrueA - at[l].pTrueB, dr = at[r].pTrueA - at[r].pTrueB;
                return dl != dr ? dl > dr : l < r;
            });
            break;
        case SortOrder::ConfidenceInWrongClass:
            std::sort(rows_.begin(), rows_.end(),
                      [at](int l, int r) { return at[l].confB != at[r].confB ? at[l].confB > at[r].confB : l < r; });
            break;
        case SortOrder::TrueClass:
            std::sort(rows_.begin(), rows_.end(),
                      [at](int l, int r) { return at[l].label != at[r].label ? at[l].label < at[r].label : l < r; });
            break;
        case SortOrder::Index:
            break; // collected in index order already
        }
    }
    endResetModel();
}

int FlipGalleryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : rows_.size();
}

int FlipGalleryModel::sampleAt(int row) const
{
    return row >= 0 && row < rows_.size() ? rows_[row] : -1;
}

QString FlipGalleryModel::tagOf(const SampleOutcome& s) const
{
    const float drop = std::fabs(s.pTrueA - s.pTrueB);
    if (std::isnan(drop))
        return {};
    if (drop <= kNearDrop)
        return QStringLiteral("near");
    if (drop >= kFarDrop)
        return QStringLiteral("far");
    return {};
}

QVariant FlipGalleryModel::data(const QModelIndex& index, int role) const
{
    if (!comparison_ || !index.isValid() || index.row() >= rows_.size())
        return {};
    const SampleOutcome& s = comparison_->samples[rows_[index.row()]];
    const Comparison& c = *comparison_;
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("#%1 %2").arg(s.index).arg(c.className(s.label));
    case Qt::DecorationRole:
        if (images_ && s.index < images_->size())
            return (*images_)[s.index]; // unscaled: the delegate scales to its thumbnail size
        return {};
    case Qt::ToolTipRole: {
        QString text = tr("Sample #%1, true class: %2\nA (%3): %4, p=%5, p(true)=%6\nB (%7): %8, p=%9, p(true)=%10")
                           .arg(s.index)
                           .arg(c.className(s.label), c.nameA, c.className(s.predA), probability(s.confA),
                                probability(s.pTrueA), c.nameB, c.className(s.predB), probability(s.confB))
                           .arg(probability(s.pTrueB));
        const QString tag = tagOf(s);
        if (tag == QLatin1String("near"))
            text += tr("\nNear flip: p(true) moved by at most %1").arg(double(kNearDrop));
        else if (tag == QLatin1String("far"))
            text += tr("\nFar flip: p(true) moved by at least %1").arg(double(kFarDrop));
        return text;
    }
    case SampleIndexRole:
        return s.index;
    case LabelRole:
        return s.label;
    case PredARole:
        return s.predA;
    case PredBRole:
        return s.predB;
    case ConfARole:
        return s.confA;
    case ConfBRole:
        return s.confB;
    case PTrueARole:
        return s.pTrueA;
    case PTrueBRole:
        return s.pTrueB;
    case TagRole:
        return tagOf(s);
    case LabelNameRole:
        return c.className(s.label);
    case PredANameRole:
        return c.className(s.predA);
    case PredBNameRole:
        return c.className(s.predB);
    default:
        return {};
    }
}

QHash<int, QByteArray> FlipGalleryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SampleIndexRole, "sampleIndex");
    names.insert(LabelRole, "label");
    names.insert(PredARole, "predA");
    names.insert(PredBRole, "predB");
    names.insert(ConfARole, "confA");
    names.insert(ConfBRole, "confB");
    names.insert(PTrueARole, "pTrueA");
    names.insert(PTrueBRole, "pTrueB");
    names.insert(TagRole, "tag");
    names.insert(LabelNameRole, "labelName");
    names.insert(PredANameRole, "predAName");
    names.insert(PredBNameRole, "predBName");
    return names;
}

// Exports: the listed samples as CSV and their images as a contact sheet.
bool FlipGalleryModel::exportCsv(const QString& file, const QModelIndexList& selection, QString* error) const
{
    QVector<int> rows;
    if (selection.isEmpty()) {
        rows.resize(rows_.size());
        std::iota(rows.begin(), rows.end(), 0);
    } else {
        for (const QModelIndex& index : selection)
            if (index.isValid() && index.model() == this && index.row() < rows_.size())
                rows.append(index.row());
        // Selections come in click order; the file follows the view's order, once per sample.
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    }
    QString text = QStringLiteral("index,true,a_pred,a_conf,b_pred,b_conf\n");
    if (comparison_) {
        const Comparison& c = *comparison_;
        for (int row : rows) {
            const SampleOutcome& s = c.samples[rows_[row]];
            text += QString::number(s.index) + QLatin1Char(',') + csvField(c.className(s.label)) + QLatin1Char(',') +
                    csvField(c.className(s.predA)) + QLatin1Char(',') + confField(s.confA) + QLatin1Char(',') +
                    csvField(c.className(s.predB)) + QLatin1Char(',') + confField(s.confB) + QLatin1Char('\n');
        }
    }
    return writeAtomically(file, text.toUtf8(), error);
}

QImage FlipGalleryModel::contactSheet(const QVector<int>& samples, int thumb, int columns) const
{
    thumb = std::max(thumb, 16);
    columns = std::max(1, std::min(columns, std::max(1, int(samples.size()))));
    QFont font;
    font.setPixelSize(std::clamp(thumb / 6, 8, 12));
    const QFontMetrics metrics(font);
    const int captionHeight = metrics.height() + 2;
    const int gap = 4;
    const int cellW = std::max(thumb, 48) + gap, cellH = thumb + captionHeight + gap;
    const int rows = (int(samples.size()) + columns - 1) / columns;
    QImage sheet(columns * cellW + gap, std::max(1, rows) * cellH + gap, QImage::Format_RGB32);
    sheet.fill(Qt::white);
    if (!comparison_)
        return sheet;
    const Comparison& c = *comparison_;
    QPainter painter(&sheet);
    painter.setFont(font);
    for (int i = 0; i < samples.size(); ++i) {
        const int sample = samples[i];
        if (sample < 0 || sample >= c.samples.size())
            continue;
        const SampleOutcome& s = c.samples[sample];
        const int x = gap + (i % columns) * cellW, y = gap + (i / columns) * cellH;
        const QRect imageRect(x + (cellW - gap - thumb) / 2, y, thumb, thumb);
        if (images_ && sample < images_->size())
            painter.drawImage(imageRect,
                              (*images_)[sample].scaled(thumb, thumb, Qt::IgnoreAspectRatio, Qt::FastTransformation));
        else
            painter.fillRect(imageRect, QColor(200, 200, 200));
        const QString caption =
            QStringLiteral("%1 / %2→%3").arg(c.className(s.label), c.className(s.predA), c.className(s.predB));
        painter.setPen(s.bCorrect() ? QColor(20, 110, 40) : QColor(180, 30, 30));
        painter.drawText(QRect(x, y + thumb + 1, cellW - gap, captionHeight), Qt::AlignHCenter | Qt::AlignTop,
                         metrics.elidedText(caption, Qt::ElideRight, cellW - gap));
    }
    return sheet;
}

bool FlipGalleryModel::exportContactSheet(const QString& file, const QVector<int>& samples, QString* error) const
{
    const QImage sheet = contactSheet(samples);
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || !sheet.save(&out, "PNG") || !out.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

} // namespace flipbench::ui
