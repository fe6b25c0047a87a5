#pragma once

#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QSlider;

namespace flipbench::ui {

struct Comparison;
class FlipGalleryDelegate;
class FlipGalleryModel;

/// The Compare page's centre column: the gallery of the samples behind one cell, with its set,
/// sort, class-filter and thumbnail controls, the count shown, a note on the images, and the CSV
/// and contact-sheet exports. It shows what its FlipGalleryModel holds; the page decides which
/// comparison that is.
class FlipGalleryPanel final : public QWidget {
    Q_OBJECT
public:
    FlipGalleryPanel(FlipGalleryModel* model, QWidget* parent = nullptr);

    /// Fills the class filters with the comparison's classes ("any" alone without one) and shows
    /// the note on its images; call before the model is given the comparison.
    void setComparison(const Comparison* comparison, const QString& imageNote);
    /// Shows the model's sample set, sort and filters in the controls (after the flip table or the
    /// heatmap chose a cell) and the count.
    void syncControls();
    /// Makes the first tile current (the sample whose p(true) fell most, by default).
    void selectFirst();
    /// The test-set index of the one selected sample; -1 when none or several are selected.
    int selectedSample() const;

Q_SIGNALS:
    /// The selection changed: the page shows the selected sample in its detail panel.
    void selectionChanged();

private:
    void updateCount();
    void exportCsv();
    void exportSheet();
    void warn(const QString& title, const QString& message);

    FlipGalleryModel* model_;
    bool hasComparison_ = false;
    FlipGalleryDelegate* delegate_ = nullptr;
    QListView* gallery_ = nullptr;
    QComboBox* setCombo_ = nullptr;
    QComboBox* sortCombo_ = nullptr;
    QComboBox* trueFilter_ = nullptr;
    QComboBox* predBFilter_ = nullptr;
    QSlider* thumbSlider_ = nullptr;
    QCheckBox* smoothCheck_ = nullptr;
    QLabel* countLabel_ = nullptr;
    QLabel* imageNote_ = nullptr;
};

} // namespace flipbench::ui
