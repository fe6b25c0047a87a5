#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace flipbench::ui {

struct RunRow;
class PosthocCurvePlot;

/// What one selected run is: its state and message (a failed run's error is shown here in full,
/// an interrupted one offers Resume), and its configuration.
class RunDetailsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit RunDetailsPanel(QWidget* parent = nullptr);

    /// Shows a run, or a hint when `row` is null.
    void showRow(const RunRow* row);
    QString shownRunDir() const { return runDir_; }

Q_SIGNALS:
    void resumeRequested(const QString& runDir);
    void showFolderRequested(const QString& runDir);

private:
    QString runDir_;
    QLabel* title_;
    QLabel* state_;
    QLabel* message_;
    QPushButton* resume_;
    QPushButton* showFolder_;
    PosthocCurvePlot* posthocCurve_; ///< post-hoc runs only
    QPlainTextEdit* config_;
};

} // namespace flipbench::ui
