#include "ui/new_run/reference_picker.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace flipbench::ui {

ReferencePicker::ReferencePicker(QWidget* parent) : QWidget(parent)
{
    list_ = new QListWidget(this);
    list_->setObjectName("referenceList");
    list_->setMinimumHeight(90);
    list_->setMaximumHeight(160);
    hint_ = new QLabel(this);
    hint_->setObjectName("referenceHint");
    hint_->setWordWrap(true);
    importButton_ = new QPushButton(tr("Import model file…"), this);
    importButton_->setObjectName("importReferenceButton");
    importButton_->setToolTip(tr("Brings a PyTorch .pt/.pth state dict into the workspace as a completed run, "
                                 "evaluated on this run's test images, and checks it."));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(hint_, 1);
    buttons->addWidget(importButton_, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(list_);
    layout->addLayout(buttons);

    connect(importButton_, &QPushButton::clicked, this, &ReferencePicker::importRequested);
    connect(list_, &QListWidget::itemChanged, this, [this] {
        if (rebuilding_)
            return;
        // The list order is the selection order: candidates first, then unknown references.
        QStringList selection;
        for (int row = 0; row < list_->count(); ++row)
            if (list_->item(row)->checkState() == Qt::Checked)
                selection << list_->item(row)->data(Qt::UserRole).toString();
        selection_ = selection;
        Q_EMIT selectionChanged();
    });
}

void ReferencePicker::setCandidates(const QList<ReferenceCandidate>& candidates)
{
    candidates_ = candidates;
    rebuild();
}

void ReferencePicker::setSelection(const QStringList& references)
{
    selection_ = references;
    rebuild();
}

void ReferencePicker::setHint(const QString& text)
{
    hint_->setText(text);
}

void ReferencePicker::setImportEnabled(bool enabled)
{
    importButton_->setEnabled(enabled);
}

void ReferencePicker::rebuild()
{
    rebuilding_ = true;
    list_->clear();
    QStringList listed;
    const auto add = [&](const QString& reference, const QString& label, const QString& toolTip) {
        auto* item = new QListWidgetItem(label, list_);
        item->setData(Qt::UserRole, reference);
        item->setToolTip(toolTip);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(selection_.contains(reference) ? Qt::Checked : Qt::Unchecked);
        listed << reference;
    };
    for (const ReferenceCandidate& candidate : candidates_)
        add(candidate.reference, candidate.label, candidate.toolTip);
    for (const QString& reference : selection_)
        if (!listed.contains(reference))
            add(reference, tr("%1 (not a run listed here)").arg(reference),
                tr("Named by the config; it must be a completed run folder."));
    if (list_->count() == 0) {
        auto* item = new QListWidgetItem(tr("No completed runs in this workspace yet: train a baseline first, or "
                                            "import a model file."),
                                         list_);
        item->setFlags(Qt::NoItemFlags);
    }
    rebuilding_ = false;
}

} // namespace flipbench::ui
