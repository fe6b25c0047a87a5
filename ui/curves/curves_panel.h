#pragma once

#include "ui/curves/curve_group.h"
#include "ui/curves/curve_smoothing.h"
#include "ui/curves/group_band_graphs.h"
#include "ui/curves/run_curve_graphs.h"

#include <QColor>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <array>
#include <vector>

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;
class QStackedWidget;

namespace flipbench::ui {

class CurveStore;

/// The training curves of the selected runs, overlaid: per-step losses (raw and smoothed) on top,
/// per-epoch accuracy and flip rates against the reference below. Recorded runs are read through
/// the CurveStore; running ones grow as the store receives progress.
///
/// Child objectNames (for tests and style sheets): emptyHint (the "select runs" label), lossPlot,
/// accuracyPlot, flipPlot (QCustomPlot), showTotal, showCrossEntropy, showDistillation (QCheckBox),
/// smoothingSlider (QSlider 0..99), smoothingValue (QLabel), xAxisCombo (QComboBox: Steps, Epochs),
/// resetViewButton, exportButton (QPushButton; menu actions exportLossPng, exportLossPdf,
/// exportEpochsPng, exportEpochsPdf). Graph names: "<run> · total|cross-entropy|distillation" for
/// the smoothed lines (in the legend), the same + " (raw)" for the faint ones (not in the legend),
/// "<run> · test|val" on accuracyPlot and "<run> · test|val NFR|PFR" on flipPlot.
/// Settings: curves/smoothing (0..0.99, default 0.6), curves/xAxis ("steps" or "epochs"),
/// curves/exportDir (last folder exported to).
class CurvesPanel : public QWidget {
    Q_OBJECT
public:
    explicit CurvesPanel(CurveStore* store, QWidget* parent = nullptr);
    ~CurvesPanel() override;

    /// The runs to overlay, in order (display name = folder name; colour = position in the list).
    /// Each group among them is also drawn on the epoch plots as the mean over its seeds (a thick
    /// line) with a band of ± 1 sd, per epoch that at least two of its runs have reached; graph
    /// names "<group> · mean test" on accuracyPlot and "<group> · mean test NFR" on flipPlot.
    void setRuns(const QStringList& runDirs, const QList<CurveGroup>& groups = {});
    QStringList runs() const;

    /// Writes the loss plot to `fileName` (.png or .pdf, by suffix) and the two epoch plots side by
    /// side next to it with "-epochs" before the suffix (curves.pdf + curves-epochs.pdf).
    /// False when a file could not be written; lastExportError() then says why.
    bool exportPlots(const QString& fileName);
    bool exportLossPlot(const QString& fileName);
    bool exportEpochPlots(const QString& fileName);
    QString lastExportError() const { return lastExportError_; }

    /// The file exportPlots() writes the epoch plots to for `fileName`.
    static QString epochPlotsFileName(const QString& fileName);

protected:
    void showEvent(QShowEvent* event) override;

private:
    /// What a graph shows, for the hover tip.
    struct Series {
        const RunCurveGraphs* run = nullptr;
        QString label;      ///< "cross-entropy", "test NFR"
        int component = -1; ///< a step series' component, -1 for an epoch series
    };

    // Widgets, settings, interaction, export.
    QWidget* buildControls();
    QWidget* buildPlots();
    void onCurvesChanged(const QString& runDir);
    void onSmoothingChanged(int sliderValue);
    void onXAxisChanged(int index);
    void resetView();
    void showHoverTip(QCustomPlot* plot, QMouseEvent* event);
    QString hoverText(const QCPGraph* graph, int index, double key, double value);
    void exportFromMenu(bool epochPlots, bool pdf);
    double smoothing() const;
    bool epochAxis() const;
    bool& followsData(const QCustomPlot* plot);

    // The graphs and the data they draw.
    void rebuildGraphs();
    /// Draws the run's steps as the store holds them (all of them when `restart`).
    void fillSteps(RunCurveGraphs& run, bool restart);
    void fillEpochs(RunCurveGraphs& run);
    void applyVisibility();
    void updateLegends();
    void updateMessages();
    void dataChanged();
    void fit(QCustomPlot* plot);
    void applyLossScale();
    void requestReplot();
    Series seriesOf(const QCPGraph* graph) const;
    double stepKey(const StepSample& sample) const;

    CurveStore* store_;
    QStringList runDirs_;
    std::vector<RunCurveGraphs> runs_;
    QList<CurveGroup> groupsWanted_;
    std::vector<GroupBandGraphs> groups_;

    QStackedWidget* pages_ = nullptr;
    QCustomPlot* lossPlot_ = nullptr;
    QCustomPlot* accuracyPlot_ = nullptr;
    QCustomPlot* flipPlot_ = nullptr;
    QCPItemText* lossMessage_ = nullptr;
    QCPItemText* accuracyMessage_ = nullptr;
    QCPItemText* flipMessage_ = nullptr;
    std::array<QCheckBox*, LossComponentCount> showComponent_{};
    QSlider* smoothingSlider_ = nullptr;
    QLabel* smoothingValue_ = nullptr;
    QComboBox* xAxisCombo_ = nullptr;
    QCheckBox* logScale_ = nullptr;

    // Each plot follows its data (rescales as runs grow) until the user pans or zooms it.
    bool lossFollows_ = true;
    bool accuracyFollows_ = true;
    bool flipFollows_ = true;
    bool fitting_ = false; ///< range changes made by fit(), not by the user
    bool replotPending_ = false;
    QString lastExportError_;
};

} // namespace flipbench::ui
