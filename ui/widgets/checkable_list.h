#pragma once

// Run lists with a check box per run (the ensemble picker, the All runs tab, the report dialog):
// each item keeps its run's path in Qt::UserRole.

#include <QString>
#include <QStringList>

class QListWidget;
class QListWidgetItem;

namespace flipbench::ui {

/// Appends a checkable item showing `text` that carries `path`.
QListWidgetItem* addCheckableRun(QListWidget* list, const QString& text, const QString& path, bool checked);

/// The paths of the checked items, in list order.
QStringList checkedRunPaths(const QListWidget* list);

/// Checks or unchecks every item.
void setAllRunsChecked(QListWidget* list, bool checked);

} // namespace flipbench::ui
