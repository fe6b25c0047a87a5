#pragma once

// The curve of a post-hoc run (posthoc.json) in the Details tab: accuracy and NFR against the old
// model for every weight of the grid, on validation (dashed) and test (solid), with the weight
// chosen on validation marked. Hidden for runs that are not post-hoc.

#include <QWidget>

#include <optional>

class QCustomPlot;
class QLabel;

namespace flipbench {
struct PosthocCurveRecord;
}

namespace flipbench::ui {

class PosthocCurvePlot final : public QWidget {
    Q_OBJECT
public:
    explicit PosthocCurvePlot(QWidget* parent = nullptr);

    /// Shows the curve of the run folder `runDir` and becomes visible, or hides itself when the
    /// folder holds none (or an unreadable one, whose error the caption says).
    void showRun(const QString& runDir);

private:
    void draw(const PosthocCurveRecord& record);

    QCustomPlot* plot_;
    QLabel* caption_;
};

} // namespace flipbench::ui
