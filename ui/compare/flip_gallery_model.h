#pragma once

#include "ui/compare/comparison.h"

#include <QAbstractListModel>
#include <QImage>
#include <QVector>

#include <memory>

namespace flipbench::ui {

/// The samples of a comparison shown as a gallery: one set of the 2x2 flip table, narrowed by
/// class filters and sorted. Rows are an index list rebuilt in one pass plus a sort of ints, so
/// switching set, filter or order on 10,000 samples stays instant; data() is O(1). Images are
/// optional: without them the decoration is empty and the delegate draws a placeholder.
class FlipGalleryModel final : public QAbstractListModel {
    Q_OBJECT
public:
    enum class SampleSet { NegativeFlips, PositiveFlips, BothWrong, BothCorrect, All };
    enum class SortOrder {
        ConfidenceDrop,         ///< pTrueA - pTrueB, largest first: the most confident regressions
        ConfidenceInWrongClass, ///< B's probability of its own prediction, largest first
        TrueClass,              ///< then index
        Index,
    };
    enum Role {
        SampleIndexRole = Qt::UserRole + 1,
        LabelRole,
        PredARole,
        PredBRole,
        ConfARole, ///< float, NaN without probabilities
        ConfBRole,
        PTrueARole,
        PTrueBRole,
        TagRole, ///< "near", "far" or empty
        LabelNameRole,
        PredANameRole,
        PredBNameRole,
    };
    /// |pTrueA - pTrueB| at or below this is a "near" flip (a coin toss), at or above kFarDrop "far".
    static constexpr float kNearDrop = 0.1f;
    static constexpr float kFarDrop = 0.5f;

    explicit FlipGalleryModel(QObject* parent = nullptr);

    void setComparison(std::shared_ptr<const Comparison> comparison,
                       std::shared_ptr<const QVector<QImage>> images = {});
    std::shared_ptr<const Comparison> comparison() const { return comparison_; }
    /// Images only (loaded later, on a worker thread): rows stay, the views repaint.
    void setImages(std::shared_ptr<const QVector<QImage>> images);
    bool hasImages() const { return images_ && !images_->isEmpty(); }

    void setSampleSet(SampleSet set);
    SampleSet sampleSet() const { return set_; }
    /// -1 = any class.
    void setTrueClassFilter(int trueClass);
    void setPredBFilter(int predB);
    int trueClassFilter() const { return trueFilter_; }
    int predBFilter() const { return predBFilter_; }
    /// A cell of the negative-flip heatmap: the negative flips of `trueClass` that B calls `predB`.
    void setCellFilter(int trueClass, int predB);
    /// A cell of the 2x2 table: the set with that A/B correctness, class filters cleared.
    void setTableCellFilter(bool aCorrect, bool bCorrect);
    /// Back to all classes of the current set.
    void clearFilters();
    void setSortOrder(SortOrder order);
    SortOrder sortOrder() const { return order_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return rows_.size(); }
    /// The test-set index of a row (-1 when out of range).
    int sampleAt(int row) const;
    QVector<int> visibleSamples() const { return rows_; }
    /// "near", "far" or empty for a sample.
    QString tagOf(const SampleOutcome& sample) const;

    /// CSV of the given rows (all visible rows when `selection` is empty), in view order:
    /// index,true,a_pred,a_conf,b_pred,b_conf. Written atomically; false with `error` on failure.
    bool exportCsv(const QString& file, const QModelIndexList& selection, QString* error) const;
    /// A grid of the samples' images (nearest scaling, so pixels stay visible), each captioned
    /// "true / A→B". Samples without an image get a grey cell.
    QImage contactSheet(const QVector<int>& samples, int thumb = 64, int columns = 12) const;
    bool exportContactSheet(const QString& file, const QVector<int>& samples, QString* error) const;

private:
    void rebuild();
    bool accepts(const SampleOutcome& s) const;

    std::shared_ptr<const Comparison> comparison_;
    std::shared_ptr<const QVector<QImage>> images_;
    SampleSet set_ = SampleSet::NegativeFlips;
    SortOrder order_ = SortOrder::ConfidenceDrop;
    int trueFilter_ = -1;
    int predBFilter_ = -1;
    QVector<int> rows_; ///< test-set indices, in display order
};

} // namespace flipbench::ui
