#include "ui/runs_panel.h"

#include "ui/run_table_model.h"
#include "ui/status_delegate.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace flipbench::ui {

bool canResume(const QString& state)
{
    return state == QLatin1String("interrupted") || state == QLatin1String("cancelled") ||
           state == QLatin1String("failed");
}

bool canResume(const RunRow& row)
{
    return !row.dir.isEmpty() && !row.unreadable && row.jobId == 0 && canResume(row.state);
}

RunsPanel::RunsPanel(RunTableModel* model, QWidget* parent) : QWidget(parent), model_(model)
{
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("runFilterEdit"));
    filter_->setPlaceholderText(tr("Filter runs (name, method, model, status…)"));
    filter_->setClearButtonEnabled(true);

    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(RunTableModel::SortRole);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

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
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 10);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setHighlightSections(false);
    view_->setItemDelegateForColumn(RunTableModel::Status, new StatusDelegate(view_));
    // Widths that fit the whole table in a 1280-pixel window beside the queue.
    const int widths[RunTableModel::ColumnCount] = {170, 70, 130, 95, 190, 110, 75, 65, 65, 70};
    for (int column = 0; column < RunTableModel::ColumnCount; ++column)
        view_->setColumnWidth(column, widths[column]);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, &RunsPanel::showContextMenu);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::selectionChanged);
    connect(view_, &QAbstractItemView::pressed, this, &RunsPanel::userInteracted);
    connect(view_, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString dir = index.data(RunTableModel::RunDirRole).toString();
        if (!dir.isEmpty())
            Q_EMIT openRequested(dir);
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(filter_);
    layout->addWidget(view_);
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

QStringList RunsPanel::selectedRunDirs() const
{
    QStringList dirs;
    for (const RunRow* row : selectedRows())
        if (!row->dir.isEmpty())
            dirs.append(row->dir);
    return dirs;
}

QList<int> RunsPanel::selectedJobIds() const
{
    QList<int> ids;
    for (const RunRow* row : selectedRows())
        if (row->jobId > 0 && row->isActive())
            ids.append(row->jobId);
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
    QStringList resumable;
    for (const RunRow* row : rows)
        if (canResume(*row))
            resumable.append(row->dir);
    const bool single = rows.size() == 1 && !rows.first()->dir.isEmpty();

    QMenu menu(this);
    menu.addAction(tr("Open"), this, [this, dirs] { Q_EMIT openRequested(dirs.first()); })->setEnabled(single);
    menu.addAction(tr("Duplicate as New Run…"), this, [this, dirs] { Q_EMIT duplicateRequested(dirs.first()); })
        ->setEnabled(single);
    menu.addAction(tr("Compare (Old above, New below)"), this,
                   [this, dirs] { Q_EMIT compareRequested(dirs[0], dirs[1]); })
        ->setEnabled(dirs.size() == 2 && rows.size() == 2);
    menu.addSeparator();
    menu.addAction(tr("Resume"), this, [this, resumable] { Q_EMIT resumeRequested(resumable); })
        ->setEnabled(!resumable.isEmpty());
    menu.addAction(tr("Cancel"), this, [this, jobs] { Q_EMIT cancelRequested(jobs); })->setEnabled(!jobs.isEmpty());
    menu.addSeparator();
    menu.addAction(tr("Show Folder"), this, [this, dirs] { Q_EMIT showFolderRequested(dirs.first()); })
        ->setEnabled(single);
    menu.addAction(tr("Delete…"), this, [this, dirs] { Q_EMIT deleteRequested(dirs); })->setEnabled(!dirs.isEmpty());
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

} // namespace flipbench::ui
