#include "ui/runs/run_notes_dialog.h"

#include <flipbench/runs/run_notes.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace flipbench::ui {

RunNotesDialog::RunNotesDialog(const QString& runName, const QStringList& tags, const QString& note, QWidget* parent)
    : QDialog(parent), tags_(new QLineEdit(this)), note_(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("runNotesDialog"));
    setWindowTitle(tr("Tags and Note: %1").arg(runName));

    tags_->setObjectName(QStringLiteral("runTagsEdit"));
    tags_->setText(tags.join(QStringLiteral(", ")));
    tags_->setPlaceholderText(tr("e.g. lr-sweep, seed 2"));
    tags_->setToolTip(tr("Separate tags with commas. The run table's filter box finds runs by their tags."));
    note_->setObjectName(QStringLiteral("runNoteEdit"));
    note_->setPlainText(note);
    note_->setPlaceholderText(tr("What you tried and what you saw: it is shown when you hover over the run."));
    note_->setTabChangesFocus(true);

    auto* hint = new QLabel(tr("Kept in the run's folder (notes.json), listed in PDF reports and searched by the "
                               "filter box. The run's training settings are not changed."),
                            this);
    hint->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("runNotesButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&Tags:"), tags_);
    form->addRow(tr("&Note:"), note_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    resize(480, 300);
}

QStringList RunNotesDialog::tags() const
{
    // The core's rule, so what is saved is what the table shows after the next read.
    QStringList out;
    for (const auto& tag : flipbench::parseTags(tags_->text().toStdString()))
        out.append(QString::fromStdString(tag));
    return out;
}

QString RunNotesDialog::note() const
{
    return note_->toPlainText().trimmed();
}

} // namespace flipbench::ui
