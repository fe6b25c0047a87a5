#include "ui/runs/config_diff_dialog.h"
#include "ui/widgets/number_format.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace flipbench::ui {

namespace {

QTableWidgetItem* valueItem(const std::optional<nlohmann::json>& value)
{
    auto* item = new QTableWidgetItem;
    if (value) {
        item->setText(QString::fromStdString(flipbench::formatConfigValue(*value)));
        item->setToolTip(item->text()); // reference paths are long: the whole value on hover
    } else {
        // Not the same as an empty value: the run's config does not have the setting at all
        // (written by another version, or a method without that group).
        item->setText(QObject::tr("not set"));
        QFont font = item->font();
        font.setItalic(true);
        item->setFont(font);
        item->setForeground(QColor(120, 120, 120));
    }
    return item;
}

} // namespace

ConfigDiffDialog::ConfigDiffDialog(const QString& nameA, const QString& nameB,
                                   const std::vector<flipbench::ConfigDifference>& differences, QWidget* parent)
    : QDialog(parent), table_(new QTableWidget(this))
{
    setObjectName(QStringLiteral("configDiffDialog"));
    setWindowTitle(tr("Configurations: %1 and %2").arg(nameA, nameB));

    auto* summary = new QLabel(this);
    summary->setObjectName(QStringLiteral("configDiffSummary"));
    summary->setWordWrap(true);
    summary->setText(
        differences.empty()
            ? tr("%1 and %2 were trained with the same settings.").arg(nameA, nameB)
            : tr("%1 and %2 differ in %3 of config.json; the others are the same.")
                  .arg(nameA, nameB, countOf(qsizetype(differences.size()), tr("setting"), tr("settings"))));

    table_->setObjectName(QStringLiteral("configDiffTable"));
    table_->setColumnCount(3);
    table_->setHorizontalHeaderLabels({tr("Setting"), nameA, nameB});
    table_->setRowCount(int(differences.size()));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    for (int r = 0; r < int(differences.size()); ++r) {
        const auto& difference = differences[size_t(r)];
        table_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(difference.path)));
        table_->setItem(r, 1, valueItem(difference.a));
        table_->setItem(r, 2, valueItem(difference.b));
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setVisible(!differences.empty());

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(640, differences.empty() ? 120 : 380);
}

} // namespace flipbench::ui
