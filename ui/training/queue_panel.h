#pragma once

#include <QWidget>

class QCheckBox;
class QFrame;
class QLabel;
class QListWidget;
class QPushButton;
class QToolButton;

namespace flipbench::ui {

class TrainingController;

/// The training queue: what runs now (per device) and what waits, in order. Waiting jobs can be
/// dragged or moved up/down, removed, and the queue paused; a paused queue says so above the list,
/// with a Resume button.
class QueuePanel final : public QWidget {
    Q_OBJECT
public:
    explicit QueuePanel(TrainingController* controller, QWidget* parent = nullptr);
    /// The dock's width when it first appears (resizeDocks does nothing to a dock not shown yet):
    /// wide enough for "▶ seed1-fd — running on cuda:0", narrow enough for the run table beside it
    /// to fit without scrolling at 1024 pixels.
    static constexpr int kPreferredWidth = 250;
    QSize sizeHint() const override { return {kPreferredWidth, 400}; }

private:
    void rebuild();
    void moveSelected(int delta);
    void syncOrderFromList();
    int selectedJobId() const;

    TrainingController* controller_;
    QListWidget* list_;
    QToolButton* up_;
    QToolButton* down_;
    QToolButton* remove_;
    QCheckBox* pause_;
    QFrame* pausedBar_;
    QLabel* pausedLabel_;
    QPushButton* resume_;
    bool rebuilding_ = false;
};

} // namespace flipbench::ui
