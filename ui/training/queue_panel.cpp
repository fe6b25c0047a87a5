#include "ui/training/queue_panel.h"

#include "ui/training/training_controller.h"
#include "ui/widgets/number_format.h"

#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>
#include <QTimer>
#include <QVBoxLayout>

namespace flipbench::ui {

namespace {
constexpr int kJobIdRole = Qt::UserRole + 1;
}

QueuePanel::QueuePanel(TrainingController* controller, QWidget* parent) : QWidget(parent), controller_(controller)
{
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("queueList"));
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    // Icon buttons keep the dock narrow: the run table beside it needs the width.
    up_ = new QToolButton(this);
    up_->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    up_->setToolTip(tr("Move the selected run up (it starts earlier)"));
    down_ = new QToolButton(this);
    down_->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    down_->setToolTip(tr("Move the selected run down"));
    remove_ = new QToolButton(this);
    remove_->setText(tr("Remove"));
    remove_->setToolTip(tr("Take the selected run out of the queue (it has not started)"));
    pause_ = new QCheckBox(tr("Pause queue"), this);
    pause_->setObjectName(QStringLiteral("pauseQueueCheck"));
    pause_->setToolTip(tr("Running trainings go on; waiting ones start only when the queue is resumed."));
    // A paused queue is easy to miss in a checkbox: say it above the list, with the way out.
    pausedBar_ = new QFrame(this);
    pausedBar_->setObjectName(QStringLiteral("queuePausedBar"));
    pausedBar_->setStyleSheet(QStringLiteral("QFrame#queuePausedBar { background: #fff4e0; border: 1px solid #f0c36d; "
                                             "border-radius: 4px; } QLabel { color: #6b4a00; }"));
    pausedLabel_ = new QLabel(pausedBar_);
    pausedLabel_->setObjectName(QStringLiteral("queuePausedLabel"));
    pausedLabel_->setWordWrap(true);
    resume_ = new QPushButton(tr("Resume"), pausedBar_);
    resume_->setObjectName(QStringLiteral("resumeQueueButton"));
    resume_->setToolTip(tr("Start the waiting runs, in order"));
    auto* pausedLayout = new QHBoxLayout(pausedBar_);
    pausedLayout->setContentsMargins(6, 4, 4, 4);
    pausedLayout->addWidget(pausedLabel_, 1);
    pausedLayout->addWidget(resume_);
    pausedBar_->hide();

    connect(up_, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    connect(down_, &QToolButton::clicked, this, [this] { moveSelected(+1); });
    connect(remove_, &QToolButton::clicked, this, [this] {
        if (const int id = selectedJobId())
            controller_->cancelJob(id);
    });
    connect(pause_, &QCheckBox::toggled, controller_, &TrainingController::setPaused);
    connect(resume_, &QPushButton::clicked, controller_, [this] { controller_->setPaused(false); });
    connect(controller_, &TrainingController::queueChanged, this, &QueuePanel::rebuild);
    // A drop reorders the list widget's model; mirror it into the controller once the drop is done.
    connect(list_->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        if (!rebuilding_)
            QTimer::singleShot(0, this, &QueuePanel::syncOrderFromList);
    });
    connect(list_, &QListWidget::itemSelectionChanged, this, [this] {
        const bool waiting = selectedJobId() != 0;
        up_->setEnabled(waiting);
        down_->setEnabled(waiting);
        remove_->setEnabled(waiting);
    });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(up_);
    buttons->addWidget(down_);
    buttons->addWidget(remove_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(pausedBar_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);
    layout->addWidget(pause_);
    rebuild();
}

int QueuePanel::selectedJobId() const
{
    const QListWidgetItem* item = list_->currentItem();
    return item && item->isSelected() ? item->data(kJobIdRole).toInt() : 0;
}

void QueuePanel::rebuild()
{
    rebuilding_ = true;
    const int selected = selectedJobId();
    list_->clear();
    for (const TrainingJob& job : controller_->runningJobs()) {
        auto* item = new QListWidgetItem(tr("▶ %1 — running on %2").arg(job.displayName, job.deviceKey), list_);
        item->setFlags(Qt::ItemIsEnabled); // running jobs are not reorderable
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
    }
    int position = 1;
    for (const TrainingJob& job : controller_->queuedJobs()) {
        auto* item = new QListWidgetItem(tr("%1. %2 — %3").arg(position++).arg(job.displayName, job.deviceKey), list_);
        item->setData(kJobIdRole, job.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        if (job.id == selected)
            list_->setCurrentItem(item);
    }
    if (list_->count() == 0) {
        auto* item = new QListWidgetItem(tr("Nothing running or waiting."), list_);
        item->setFlags(Qt::NoItemFlags);
    }
    {
        const QSignalBlocker blocker(pause_); // mirrors the controller: toggling it back would be a no-op loop
        pause_->setChecked(controller_->isPaused());
    }
    const int waitingRuns = int(controller_->queuedJobs().size());
    pausedBar_->setVisible(controller_->isPaused());
    pausedLabel_->setText(waitingRuns > 0 ? tr("Queue paused with %1 waiting: they start when you resume it.")
                                                .arg(countOf(waitingRuns, tr("run"), tr("runs")))
                                          : tr("Queue paused: runs added now wait until you resume it."));
    const bool waiting = selectedJobId() != 0;
    up_->setEnabled(waiting);
    down_->setEnabled(waiting);
    remove_->setEnabled(waiting);
    rebuilding_ = false;
}

void QueuePanel::moveSelected(int delta)
{
    const int id = selectedJobId();
    const QList<TrainingJob> queued = controller_->queuedJobs();
    for (int i = 0; i < queued.size(); ++i)
        if (queued[i].id == id) {
            controller_->moveQueued(id, i + delta);
            return;
        }
}

void QueuePanel::syncOrderFromList()
{
    // Read the dropped order first: every move makes the controller announce a change, which
    // rebuilds this list.
    QList<int> order;
    for (int row = 0; row < list_->count(); ++row)
        if (const int id = list_->item(row)->data(kJobIdRole).toInt())
            order.append(id);
    for (int index = 0; index < order.size(); ++index)
        controller_->moveQueued(order[index], index);
}

} // namespace flipbench::ui
