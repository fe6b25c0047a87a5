#pragma once

#include "ui/curves/curve_smoothing.h"
#include "ui/training/progress_types.h"

#include <QColor>
#include <QString>
#include <QVector>

#include <array>
#include <functional>
#include <utility>

class QCPGraph;
class QCustomPlot;

namespace flipbench::ui {

/// The parts of a run's logged loss, told apart by line style on the loss plot.
enum LossComponent { Total = 0, CrossEntropy = 1, Distillation = 2, LossComponentCount = 3 };

/// One run's graphs on the curves panel's three plots, in the run's colour: on the loss plot, per
/// component, a faint raw line and a smoothed one ("<run> · total|cross-entropy|distillation", the
/// raw ones + " (raw)"; the distillation pair only once a step has the term); on the accuracy plot
/// "<run> · test|val"; on the flip plot "<run> · test|val NFR|PFR". The plots own the graphs; the
/// panel clears them all before it makes new ones.
class RunCurveGraphs {
public:
    RunCurveGraphs(QString runDir, const QColor& color, QCustomPlot* lossPlot, QCustomPlot* accuracyPlot,
                   QCustomPlot* flipPlot);

    const QString& runDir() const { return runDir_; }
    const QString& name() const { return name_; }

    /// Draws the steps not drawn yet, each at `key(step)` and smoothed with an EMA of `smoothing`:
    /// all of them when `restart`, or when the curves changed under the drawn ones (read again
    /// after a resume, epoch positions corrected once the epoch length was known).
    void fillSteps(const QVector<StepSample>& steps, bool restart, const std::function<double(const StepSample&)>& key,
                   double smoothing);
    void fillEpochs(const QVector<EpochSample>& epochs);
    void setComponentShown(int component, bool shown);

    bool hasDistillation() const { return hasDistillation_; }
    int plottedSteps() const { return plottedSteps_; }
    bool hasEpochs() const;
    bool hasFlipRates() const;
    QCPGraph* raw(int component) const { return raw_[component]; }
    QCPGraph* smoothed(int component) const { return smoothed_[component]; }
    /// The graph that stands for the run in the legend: its first shown smoothed line with data.
    QCPGraph* legendGraph() const;
    /// What `graph` shows of this run ("cross-entropy", "test NFR") and its component (-1 for an
    /// epoch series); an empty label when it is not one of this run's graphs.
    std::pair<QString, int> describe(const QCPGraph* graph) const;

private:
    void addLossGraphs(int component);
    void setDistillationGraphs(bool present);

    QString runDir_; ///< CurveStore::normalizedRunDir form
    QString name_;
    QColor color_;
    QCustomPlot* lossPlot_;
    std::array<QCPGraph*, LossComponentCount> raw_{};
    std::array<QCPGraph*, LossComponentCount> smoothed_{};
    std::array<Ema, LossComponentCount> ema_;
    int plottedSteps_ = 0;
    double lastPlottedKey_ = 0; ///< detects curves that changed under the plotted points
    bool hasDistillation_ = false;
    QCPGraph* testAccuracy_ = nullptr;
    QCPGraph* valAccuracy_ = nullptr;
    QCPGraph* testNfr_ = nullptr;
    QCPGraph* testPfr_ = nullptr;
    QCPGraph* valNfr_ = nullptr;
    QCPGraph* valPfr_ = nullptr;
};

} // namespace flipbench::ui
