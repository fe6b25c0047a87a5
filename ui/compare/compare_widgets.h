#pragma once

// The small pieces of the Compare view: the metric summary, the 2x2 flip table, the per-class
// negative-flip heatmap and the detail panel of one sample. Each is filled from a Comparison and
// reports clicks as plain values; the CompareView wires them to the gallery model.

#include "ui/compare/comparison.h"
#include "ui/widgets/number_format.h"

#include <QTableWidget>
#include <QWidget>

#include <memory>

class QLabel;
class QCustomPlot;

namespace flipbench::ui {

/// Accuracy of A and B, their difference in points and the flip metrics, each with a one-line
/// definition as tooltip. The value labels are named "<key>Value" (accA, accB, accDelta, nfr, pfr,
/// nfi, btc, bec).
class CompareSummary final : public QWidget {
    Q_OBJECT
public:
    explicit CompareSummary(QWidget* parent = nullptr);
    void setComparison(const Comparison* comparison); ///< nullptr clears
    QString valueText(const QString& key) const;

private:
    QLabel* value(const QString& key) const;
    QLabel* note_ = nullptr;
};

/// The 2x2 table: rows "A correct"/"A wrong", columns "B correct"/"B wrong", "count\n(pct%)".
class FlipMatrixTable final : public QTableWidget {
    Q_OBJECT
public:
    explicit FlipMatrixTable(QWidget* parent = nullptr);
    void setComparison(const Comparison* comparison);
    /// The cell for that outcome pair (row 0 = A correct, column 0 = B correct).
    static int rowFor(bool aCorrect) { return aCorrect ? 0 : 1; }
    static int columnFor(bool bCorrect) { return bCorrect ? 0 : 1; }

Q_SIGNALS:
    void outcomeChosen(bool aCorrect, bool bCorrect);
};

/// Negative flips per (true class, B's prediction), with a total row and column; white to red by
/// count. A click on a total picks a whole row or column (-1 = any class).
class ClassHeatmap final : public QTableWidget {
    Q_OBJECT
public:
    explicit ClassHeatmap(QWidget* parent = nullptr);
    void setComparison(const Comparison* comparison);

Q_SIGNALS:
    void cellChosen(int trueClass, int predB);

private:
    int classes_ = 0;
};

/// One sample large, its caption and both models' softmax as side-by-side bars.
class SampleDetail final : public QWidget {
    Q_OBJECT
public:
    explicit SampleDetail(QWidget* parent = nullptr);
    /// -1 (or no comparison) clears. `image` may be null: a placeholder is shown.
    void showSample(const Comparison* comparison, int sample, const QImage& image);
    /// The sample's fate in the workspace's other runs (sampleHistoryText); hidden when empty.
    void setHistoryText(const QString& text);
    QCustomPlot* plot() const { return plot_; }

private:
    QLabel* image_ = nullptr;
    QLabel* caption_ = nullptr;
    QLabel* history_ = nullptr;
    QLabel* noProbs_ = nullptr;
    QCustomPlot* plot_ = nullptr;
};

} // namespace flipbench::ui
