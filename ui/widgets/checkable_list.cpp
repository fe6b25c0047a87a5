#include "ui/widgets/checkable_list.h"

#include <QListWidget>

namespace flipbench::ui {

QListWidgetItem* addCheckableRun(QListWidget* list, const QString& text, const QString& path, bool checked)
{
    auto* item = new QListWidgetItem(text, list);
    item->setData(Qt::UserRole, path);
    item->setToolTip(path);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    return item;
}

QStringList checkedRunPaths(const QListWidget* list)
{
    QStringList paths;
    for (int row = 0; row < list->count(); ++row)
        if (list->item(row)->checkState() == Qt::Checked)
            paths << list->item(row)->data(Qt::UserRole).toString();
    return paths;
}

void setAllRunsChecked(QListWidget* list, bool checked)
{
    for (int row = 0; row < list->count(); ++row)
        list->item(row)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

} // namespace flipbench::ui
