#include "ui/compare/ensemble_dialog.h"

#include "ui/widgets/checkable_list.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace flipbench::ui {

EnsembleDialog::EnsembleDialog(const QStringList& names, const QStringList& paths, QWidget* parent)
    : QDialog(parent), list_(new QListWidget(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Ensemble of Runs"));
    list_->setObjectName(QStringLiteral("ensembleRunList"));
    for (int i = 0; i < names.size() && i < paths.size(); ++i)
        addCheckableRun(list_, names[i], paths[i], false);
    auto* hint = new QLabel(tr("Check two or more runs on the same test set. They are compared as one model: the "
                               "mean of their logits, as ELODI uses an ensemble of references."),
                            this);
    hint->setWordWrap(true);
    connect(list_, &QListWidget::itemChanged, this, &EnsembleDialog::updateOk);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(list_, 1);
    layout->addWidget(buttons_);
    updateOk();
}

QStringList EnsembleDialog::chosenPaths() const
{
    return checkedRunPaths(list_);
}

void EnsembleDialog::updateOk()
{
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(chosenPaths().size() >= 2);
}

} // namespace flipbench::ui
