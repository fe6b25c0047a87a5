#include "ui/runs/runs_panel.h"

#include "ui/runs/run_table_model.h"
#include "ui/runs/run_table_proxy.h"
#include "ui/runs/status_delegate.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QSortFilterProxyModel>
#include <QStyleOptionHeader>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace flipbench::ui {

bool canResume(flipbench::RunState state)
{
    using flipbench::RunState;
    return state == RunState::Interrupted || state == RunState::Cancelled || state == RunState::Failed;
}

bool canResume(const RunRow& row)
{
    // A run that another machine trains is never started here; one whose machine has gone silent
    // (a stale heartbeat) may be taken over.
    const bool staleElsewhere = row.state == flipbench::RunState::Running && row.stale;
    return !row.dir.isEmpty() && !row.unreadable && row.jobId == 0 && (canResume(row.state) || staleElsewhere);
}

RunsPanel::RunsPanel(RunTableModel* model, QWidget* parent) : QWidget(parent), model_(model)
{
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("runFilterEdit"));
    filter_->setPlaceholderText(tr("Filter runs (name, method, model, status, tags, note…)"));
    filter_->setClearButtonEnabled(true);

    proxy_ = new RunTableProxy(model_, this);
    proxy_->setSortRole(RunTableModel::SortRole);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterRole(RunTableModel::FilterRole); // the shown text, and the notes behind the tooltips
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    // Seeds of one setting measure it; the runs of a plan (a preset, a sweep) tell how far the
    // plan has got and what it showed. Either view is a click away.
    grouping_ = new QComboBox(this);
    grouping_->setObjectName(QStringLiteral("runGroupingCombo"));
    grouping_->addItem(tr("Group seeds"), int(RunTableModel::Grouping::Seeds));
    grouping_->addItem(tr("Group by plan"), int(RunTableModel::Grouping::Plans));
    grouping_->addItem(tr("No groups"), int(RunTableModel::Grouping::None));
    grouping_->setToolTip(tr("Group seeds: runs with the same settings and other seeds under one row, their rates "
                             "as mean ± sd.\nGroup by plan: the runs queued together (a preset, the New Run form's "
                             "plan, a sweep) under the row of their plan."));
    connect(grouping_, &QComboBox::activated, this, [this](int index) {
        const auto grouping = RunTableModel::Grouping(grouping_->itemData(index).toInt());
        model_->setGrouping(grouping);
        Q_EMIT groupingChosen(grouping);
    });

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("runTable"));
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(-1, Qt::AscendingOrder); // workspace order until the user sorts
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setAlternatingRowColors(true);
    view_->setShowGrid(false);
    view_->setWordWrap(false);
    // Names differ at their end (the grid value, the seed: "fd kd_loss_weight=0.5", "…-s2"): keep it.
    view_->setTextElideMode(Qt::ElideMiddle);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 10);
    view_->horizontalHeader()->setHighlightSections(false);
    view_->horizontalHeader()->setMinimumSectionSize(40);
    view_->setItemDelegateForColumn(RunTableModel::Status, new StatusDelegate(view_));
    // Fixed pixel widths did not fit beside the queue (Duration needed scrolling at 1280 pixels):
    // the columns are measured at this font and fitted to the viewport whenever it resizes.
    measureColumns();
    view_->viewport()->installEventFilter(this);
    view_->installEventFilter(this); // Left and Right collapse and expand a group, as in a tree
    updateTagsColumn();
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model_, signal, this, &RunsPanel::updateTagsColumn);
    connect(model_, &QAbstractItemModel::dataChanged, this, &RunsPanel::updateTagsColumn);
    connect(model_, &QAbstractItemModel::layoutChanged, this, &RunsPanel::updateTagsColumn);
    connect(model_, &QAbstractItemModel::modelReset, this, &RunsPanel::updateTagsColumn);
    connect(view_->horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
        // Dragged (or double-clicked) with the mouse: the user's widths win from now on.
        if (!fittingColumns_ && QGuiApplication::mouseButtons() != Qt::NoButton)
            columnsSizedByUser_ = true;
    });
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, &RunsPanel::showContextMenu);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::selectionChanged);
    connect(view_, &QAbstractItemView::pressed, this, &RunsPanel::userInteracted);
    connect(view_, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString dir = index.data(RunTableModel::RunDirRole).toString();
        if (!dir.isEmpty())
            Q_EMIT openRequested(dir);
        else
            toggleGroup(index);
    });

    // The churn retraining gives for free, where NFRs are read.
    noiseFloor_ = new QLabel(this);
    noiseFloor_->setObjectName(QStringLiteral("runNoiseFloorLabel"));
    noiseFloor_->setWordWrap(true);
    noiseFloor_->hide();
    connect(model_, &RunTableModel::collapsedChanged, this, &RunsPanel::updateNoiseFloor);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    top->addWidget(grouping_);
    layout->addLayout(top);
    layout->addWidget(noiseFloor_);
    layout->addWidget(view_);
}

void RunsPanel::setGrouping(RunTableModel::Grouping grouping)
{
    grouping_->setCurrentIndex(qMax(0, grouping_->findData(int(grouping))));
    model_->setGrouping(grouping);
}

void RunsPanel::toggleGroup(const QModelIndex& index)
{
    const RunRow* row = model_->rowAt(proxy_->mapToSource(index).row());
    if (row && row->isGroup)
        model_->setCollapsed(row->key(), !model_->isCollapsed(row->key()));
}

void RunsPanel::updateNoiseFloor()
{
    const RunGroupsSnapshot& groups = model_->groups();
    const QString text = !groups.noiseFloor.isEmpty() ? groups.noiseFloor : groups.note;
    noiseFloor_->setText(text);
    noiseFloor_->setToolTip(
        groups.oldModel.isEmpty()
            ? QString()
            : tr("Groups of seeds are measured against the old model %1, the reference most runs share.")
                  .arg(groups.oldModel));
    noiseFloor_->setVisible(!text.isEmpty());
}

void RunsPanel::measureColumns()
{
    // The widest content a column usually holds (a running status, a duration over an hour).
    // clang-format off
    static const char* const samples[RunTableModel::ColumnCount] = {
        "seed1-fd-resnet18", "lr-sweep, seed1", "Baseline", "seed1-baseline", "resnet18_cifar",
        "epoch 30/30 · 4:07 left", "cuda:0", "88.88% ± 0.88", "88.88% ± 0.88", "88.88% ± 0.88", "1:05:09"};
    // clang-format on
    QHeaderView* header = view_->horizontalHeader();
    const QFontMetrics cells = view_->fontMetrics();
    preferred_.resize(RunTableModel::ColumnCount);
    minimum_.resize(RunTableModel::ColumnCount);
    for (int column = 0; column < RunTableModel::ColumnCount; ++column) {
        QStyleOptionHeader option;
        option.initFrom(header);
        option.text = model_->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        // No room for the sort arrow: only one column shows it, and it may elide that title.
        const int title =
            header->style()->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), header).width() + 6;
        const int content = cells.horizontalAdvance(QString::fromUtf8(samples[column])) + 16;
        preferred_[column] = std::max(title, content);
        minimum_[column] = preferred_[column];
    }
    // What may be cut (elided) when the window is narrow: free text and the status bar's text.
    minimum_[RunTableModel::Name] = std::min(preferred_[RunTableModel::Name], 60);
    minimum_[RunTableModel::Reference] = std::min(preferred_[RunTableModel::Reference], 45);
    minimum_[RunTableModel::Tags] = std::min(preferred_[RunTableModel::Tags], 45);
    minimum_[RunTableModel::Model] = std::min(preferred_[RunTableModel::Model], 55);
    minimum_[RunTableModel::Status] = std::min(preferred_[RunTableModel::Status], 90);
    fittingColumns_ = true;
    for (int column = 0; column < RunTableModel::ColumnCount; ++column)
        view_->setColumnWidth(column, preferred_[column]);
    fittingColumns_ = false;
}

void RunsPanel::fitColumns()
{
    const int available = view_->viewport()->width();
    if (columnsSizedByUser_ || available <= 0 || preferred_.size() != RunTableModel::ColumnCount)
        return;
    int wanted = 0, slack = 0; // slack: how much the shrinkable columns can give up together
    for (int column = 0; column < RunTableModel::ColumnCount; ++column) {
        if (view_->isColumnHidden(column))
            continue;
        wanted += preferred_[column];
        slack += preferred_[column] - minimum_[column];
    }
    QVector<int> widths = preferred_;
    if (wanted <= available) {
        widths[RunTableModel::Name] += available - wanted;
    } else if (slack > 0) {
        // Each shrinkable column gives up the same share of its slack, rounded up so the sum fits.
        const qint64 cut = std::min(wanted - available, slack);
        for (int column = 0; column < RunTableModel::ColumnCount; ++column) {
            if (view_->isColumnHidden(column))
                continue;
            const qint64 own = preferred_[column] - minimum_[column];
            widths[column] -= static_cast<int>((own * cut + slack - 1) / slack);
        }
    }
    fittingColumns_ = true;
    for (int column = 0; column < RunTableModel::ColumnCount; ++column)
        if (!view_->isColumnHidden(column))
            view_->setColumnWidth(column, std::max(widths[column], minimum_[column]));
    fittingColumns_ = false;
}

void RunsPanel::updateTagsColumn()
{
    const auto& rows = model_->rows();
    const bool annotated = std::any_of(rows.begin(), rows.end(),
                                       [](const RunRow& row) { return !row.tags.isEmpty() || !row.note.isEmpty(); });
    if (view_->isColumnHidden(RunTableModel::Tags) != annotated)
        return;
    // Shown once a run has tags or a note: an empty column would only take room from the others
    // (at 1024 pixels every column fits beside the queue, just).
    view_->setColumnHidden(RunTableModel::Tags, !annotated);
    fitColumns();
}

bool RunsPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == view_->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    if (watched == view_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        const RunRow* row = model_->rowAt(proxy_->mapToSource(view_->currentIndex()).row());
        if (row && row->isGroup && (key == Qt::Key_Left || key == Qt::Key_Right)) {
            model_->setCollapsed(row->key(), key == Qt::Key_Left);
            return true;
        }
    }
    const bool release = event->type() == QEvent::MouseButtonRelease;
    const bool doubleClick = event->type() == QEvent::MouseButtonDblClick;
    if (watched == view_->viewport() && (release || doubleClick)) {
        // The triangle before a group's name, as a tree's branch: a left click on it collapses or
        // expands. A double-click there is one click (the second release is not another toggle).
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const QPoint at = mouse->position().toPoint();
        const QModelIndex index = view_->indexAt(at);
        const int triangle = view_->fontMetrics().horizontalAdvance(QStringLiteral("▾ ")) + 8;
        const bool onTriangle = index.isValid() && index.column() == RunTableModel::Name &&
                                at.x() - view_->visualRect(index).left() < triangle;
        if (mouse->button() == Qt::LeftButton && onTriangle) {
            if (doubleClick) {
                ignoreNextRelease_ = true;
                return true;
            }
            if (!std::exchange(ignoreNextRelease_, false))
                toggleGroup(index);
        }
    }
    return QWidget::eventFilter(watched, event);
}

QList<const RunRow*> RunsPanel::selectedRows() const
{
    QList<int> sourceRows;
    for (const QModelIndex& index : view_->selectionModel()->selectedRows())
        sourceRows.append(proxy_->mapToSource(index).row());
    std::sort(sourceRows.begin(), sourceRows.end());
    QList<const RunRow*> rows;
    for (int r : sourceRows)
        if (const RunRow* row = model_->rowAt(r))
            rows.append(row);
    return rows;
}

QList<const RunRow*> RunsPanel::selectedRuns() const
{
    QList<const RunRow*> runs;
    const auto add = [&runs](const RunRow* run) {
        if (run && !runs.contains(run))
            runs.append(run);
    };
    for (const RunRow* row : selectedRows()) {
        if (!row->isGroup) {
            add(row);
            continue;
        }
        // A group stands for its runs.
        for (const QString& dir : row->figures->runDirs)
            add(model_->rowAt(model_->rowOfDir(dir)));
    }
    return runs;
}

QStringList RunsPanel::selectedRunDirs() const
{
    QStringList dirs;
    for (const RunRow* row : selectedRows()) {
        // A group stands for its runs (in a sweep's group, also those the table does not show).
        const QStringList runs = row->isGroup ? row->figures->runDirs : QStringList{row->dir};
        for (const QString& dir : runs)
            if (!dir.isEmpty() && !dirs.contains(dir))
                dirs.append(dir);
    }
    return dirs;
}

QStringList RunsPanel::selectedResumableDirs() const
{
    QStringList dirs;
    for (const RunRow* run : selectedRuns())
        if (canResume(*run))
            dirs.append(run->dir);
    return dirs;
}

QList<int> RunsPanel::selectedJobIds() const
{
    QList<int> ids;
    for (const RunRow* run : selectedRuns())
        if (run->jobId > 0 && run->isActive())
            ids.append(run->jobId);
    return ids;
}

void RunsPanel::selectRunDir(const QString& runDir)
{
    const int sourceRow = model_->rowOfDir(runDir);
    if (sourceRow < 0)
        return;
    const QModelIndex index = proxy_->mapFromSource(model_->index(sourceRow, 0));
    view_->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view_->scrollTo(index);
}

void RunsPanel::addRunDirToSelection(const QString& runDir)
{
    const int sourceRow = model_->rowOfDir(runDir);
    if (sourceRow < 0)
        return;
    const QModelIndex index = proxy_->mapFromSource(model_->index(sourceRow, 0));
    view_->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

void RunsPanel::showContextMenu(const QPoint& pos)
{
    const QList<const RunRow*> rows = selectedRows();
    if (rows.isEmpty())
        return;
    const QStringList dirs = selectedRunDirs();
    const QList<int> jobs = selectedJobIds();
    const QStringList resumable = selectedResumableDirs();
    const bool single = rows.size() == 1 && !rows.first()->dir.isEmpty();

    QMenu menu(this);
    menu.addAction(tr("Open"), this, [this, dirs] { Q_EMIT openRequested(dirs.first()); })->setEnabled(single);
    menu.addAction(tr("Duplicate as New Run…"), this, [this, dirs] { Q_EMIT duplicateRequested(dirs.first()); })
        ->setEnabled(single);
    menu.addAction(tr("Compare (Old above, New below)"), this,
                   [this, dirs] { Q_EMIT compareRequested(dirs[0], dirs[1]); })
        ->setEnabled(dirs.size() == 2 && rows.size() == 2);
    menu.addAction(tr("Compare configurations…"), this, [this, dirs] { Q_EMIT configDiffRequested(dirs[0], dirs[1]); })
        ->setEnabled(dirs.size() == 2 && rows.size() == 2);
    menu.addAction(tr("Edit tags and note…"), this, [this, dirs] { Q_EMIT editNotesRequested(dirs.first()); })
        ->setEnabled(single);
    menu.addSeparator();
    menu.addAction(tr("Resume"), this, [this, resumable] { Q_EMIT resumeRequested(resumable); })
        ->setEnabled(!resumable.isEmpty());
    menu.addAction(tr("Cancel"), this, [this, jobs] { Q_EMIT cancelRequested(jobs); })->setEnabled(!jobs.isEmpty());
    if (rows.size() == 1 && rows.first()->isPlanGroup()) {
        const QStringList planRuns = rows.first()->figures->runDirs;
        menu.addAction(tr("Plan Summary…"), this, [this, planRuns] { Q_EMIT planSummaryRequested(planRuns); })
            ->setToolTip(tr("Each method's accuracy, NFR and PFR against the plan's own new baseline."));
    }
    if (std::any_of(model_->rows().begin(), model_->rows().end(), [](const RunRow& r) { return r.isGroup; })) {
        menu.addSeparator();
        menu.addAction(tr("Collapse All Groups"), this, [this] { model_->setAllCollapsed(true); });
        menu.addAction(tr("Expand All Groups"), this, [this] { model_->setAllCollapsed(false); });
    }
    menu.addSeparator();
    menu.addAction(tr("Show Folder"), this, [this, dirs] { Q_EMIT showFolderRequested(dirs.first()); })
        ->setEnabled(single);
    menu.addAction(tr("Delete…"), this, [this, dirs] { Q_EMIT deleteRequested(dirs); })->setEnabled(!dirs.isEmpty());
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

} // namespace flipbench::ui
