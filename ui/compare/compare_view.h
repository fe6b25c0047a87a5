#pragma once

// The Compare view: pick an old (A) and a new (B) model, see the flip metrics, the 2x2 flip table,
// the per-class negative-flip heatmap and a gallery of the samples behind any cell, with one
// sample's softmax in a detail panel. Comparing runs on the thread pool; a refused pair (different
// test sets, unfinished run) shows its message and clears the views.

#include "ui/compare/comparison.h"

#include <QImage>
#include <QVector>
#include <QWidget>

#include <memory>

class QLabel;
class QSplitter;
class QTabWidget;

namespace flipbench::ui {

class AllRunsPanel;
class SeedGroupsPanel;
class ClassHeatmap;
class CompareSummary;
class FlipGalleryModel;
class FlipGalleryPanel;
class FlipMatrixTable;
class ModelPairPicker;
class SampleDetail;
struct OtherRuns;

class CompareView final : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);
    ~CompareView() override;

    /// Lists the workspace's completed runs in both model combos.
    void setWorkspace(const QString& dir);
    /// Re-reads the workspace (after a run finished); keeps the chosen entries.
    void refreshRuns();
    /// Compares two run folders or `.result` files in the background; comparisonReady() follows
    /// (also on failure: see errorText()). False when a path is empty.
    bool compare(const QString& pathA, const QString& pathB);
    /// Exchanges A and B and compares again.
    void swap();
    /// Switches to the "All runs" tab and compares the checked runs pairwise.
    void showAllRuns();
    /// Switches to the "Seeds" tab: the workspace's runs grouped over seeds (built in the background).
    void showSeedGroups();

    std::shared_ptr<const Comparison> comparison() const { return comparison_; }
    FlipGalleryModel* galleryModel() const { return model_; }
    AllRunsPanel* allRunsPanel() const { return allRuns_; }
    SeedGroupsPanel* seedGroupsPanel() const { return seedGroups_; }
    bool isBusy() const { return busy_; }
    /// Whether the user (or a caller) has chosen a model for A or B, or a comparison runs or is
    /// shown: then the page is not opened on a pair of its own choosing.
    bool hasChosenModels() const;
    /// The message of the last failed comparison; empty after a success.
    QString errorText() const { return error_; }

Q_SIGNALS:
    /// A comparison finished, successfully or not.
    void comparisonReady();

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildTopBar();
    void compareSelected();
    void showResult(std::shared_ptr<const Comparison> comparison, std::shared_ptr<const QVector<QImage>> images,
                    const QString& error, const QString& imageNote);
    void fitPairColumns();
    void showCurrentSample();

    QString workspace_;
    AllRunsPanel* allRuns_ = nullptr;
    SeedGroupsPanel* seedGroups_ = nullptr;
    QTabWidget* pageTabs_ = nullptr;
    QSplitter* pairSplitter_ = nullptr;
    bool splitterFitted_ = false;
    std::shared_ptr<const Comparison> comparison_;
    std::shared_ptr<const QVector<QImage>> images_;
    std::shared_ptr<const OtherRuns> others_; ///< the workspace's other runs, for the detail panel
    bool busy_ = false;
    int generation_ = 0; ///< results of superseded comparisons are dropped
    QString error_;

    ModelPairPicker* picker_ = nullptr;
    QLabel* busyLabel_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    CompareSummary* summary_ = nullptr;
    FlipMatrixTable* matrix_ = nullptr;
    ClassHeatmap* heatmap_ = nullptr;
    FlipGalleryModel* model_ = nullptr;
    FlipGalleryPanel* gallery_ = nullptr;
    SampleDetail* detail_ = nullptr;
};

} // namespace flipbench::ui
