#include "ui/new_run/run_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace flipbench::ui {

namespace {

constexpr int kAddedItemRole = Qt::UserRole + 1; ///< combo items added for a value the form does not offer

QVariant valueOf(QWidget* widget)
{
    if (auto* edit = qobject_cast<QLineEdit*>(widget))
        return edit->text();
    if (auto* box = qobject_cast<QSpinBox*>(widget))
        return qlonglong(box->value());
    if (auto* box = qobject_cast<QComboBox*>(widget))
        return box->currentData();
    if (auto* box = qobject_cast<QCheckBox*>(widget))
        return box->isChecked();
    if (auto* picker = qobject_cast<ReferencePicker*>(widget))
        return picker->selection();
    return {};
}

void setValue(QWidget* widget, const QVariant& value)
{
    if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
        edit->setText(value.toString());
    } else if (auto* box = qobject_cast<QSpinBox*>(widget)) {
        box->setValue(int(qBound(qlonglong(box->minimum()), value.toLongLong(), qlonglong(box->maximum()))));
    } else if (auto* box = qobject_cast<QComboBox*>(widget)) {
        for (int i = box->count() - 1; i >= 0; --i)
            if (box->itemData(i, kAddedItemRole).toBool() && box->itemData(i) != value)
                box->removeItem(i);
        int index = box->findData(value.toString());
        if (index < 0) { // a config value this machine or form does not offer: show it, validation explains
            box->addItem(RunForm::tr("%1 (from the config)").arg(value.toString()), value.toString());
            index = box->count() - 1;
            box->setItemData(index, true, kAddedItemRole);
        }
        box->setCurrentIndex(index);
    } else if (auto* box = qobject_cast<QCheckBox*>(widget)) {
        box->setChecked(value.toBool());
    } else if (auto* picker = qobject_cast<ReferencePicker*>(widget)) {
        picker->setSelection(value.toStringList());
    }
}

void markInvalid(QWidget* widget, const QString& message)
{
    const bool invalid = !message.isEmpty();
    if (widget->property("invalid").toBool() == invalid && widget->property("problem").toString() == message)
        return;
    widget->setProperty("invalid", invalid);
    widget->setProperty("problem", message);
    const QString help = widget->property("help").toString();
    widget->setToolTip(invalid ? help + (help.isEmpty() ? "" : "\n\n") + message : help);
    // Dynamic properties in style sheet selectors are only re-read on a re-polish.
    widget->style()->unpolish(widget);
    widget->style()->polish(widget);
}

} // namespace

RunForm::RunForm(const QList<Choice>& devices, QWidget* parent) : QWidget(parent)
{
    setStyleSheet("*[invalid=\"true\"] { border: 1px solid #d9534f; border-radius: 2px; }");
    auto* layout = new QVBoxLayout(this);
    auto* top = new QFormLayout;
    auto* name = new QLineEdit(this);
    name->setObjectName("nameEdit");
    bind("name", name);
    addRow(top, "name", tr("Name"), name);
    layout->addLayout(top);

    const auto section = [&](const QString& title) {
        auto* box = new QGroupBox(title, this);
        layout->addWidget(box);
        return new QFormLayout(box);
    };
    buildDataSection(section(tr("Data")));
    buildMethodSection(section(tr("Model && method")));
    buildReferenceSection(section(tr("Reference (old model)")));
    buildTrainingSection(section(tr("Training")), devices);
    layout->addStretch(1);
}

void RunForm::bind(const QString& path, QWidget* widget)
{
    fields_[path] = widget;
    // A switch of an optional value ("method.kd_alpha:set") explains the value it switches on.
    const QString help = fieldHelp(path.section(':', 0, 0));
    widget->setProperty("help", help);
    widget->setToolTip(help);
    if (auto* edit = qobject_cast<QLineEdit*>(widget))
        connect(edit, &QLineEdit::textChanged, this, &RunForm::onFieldChanged);
    else if (auto* box = qobject_cast<QSpinBox*>(widget))
        connect(box, &QSpinBox::valueChanged, this, &RunForm::onFieldChanged);
    else if (auto* box = qobject_cast<QComboBox*>(widget))
        connect(box, &QComboBox::currentIndexChanged, this, &RunForm::onFieldChanged);
    else if (auto* box = qobject_cast<QCheckBox*>(widget))
        connect(box, &QCheckBox::toggled, this, &RunForm::onFieldChanged);
    else if (auto* picker = qobject_cast<ReferencePicker*>(widget))
        connect(picker, &ReferencePicker::selectionChanged, this, &RunForm::onFieldChanged);
}

void RunForm::addRow(QFormLayout* form, const QString& path, const QString& label, QWidget* row)
{
    auto* text = new QLabel(label, this);
    // Labels are plain words; the tooltip also names the config key, which configs, presets and
    // the command line's messages use.
    const QString key = path.section(':', 0, 0);
    const QString help = fieldHelp(key);
    text->setToolTip(help.isEmpty() ? tr("Config key: %1").arg(key) : tr("%1\n\nConfig key: %2").arg(help, key));
    form->addRow(text, row);
    rows_[path] = {form, row};
}

QWidget* RunForm::numberEdit(const QString& path, const char* objectName)
{
    // A line edit, not a spin box: any text can be typed and the validation says what is wrong with it.
    auto* edit = new QLineEdit(this);
    edit->setObjectName(objectName);
    edit->setMaximumWidth(160);
    bind(path, edit);
    return edit;
}

QWidget* RunForm::spin(const QString& path, const char* objectName, int min, int max, const QString& special)
{
    auto* box = new QSpinBox(this);
    box->setObjectName(objectName);
    box->setRange(min, max);
    box->setSpecialValueText(special);
    box->setGroupSeparatorShown(max > 9999);
    box->setMaximumWidth(160);
    bind(path, box);
    return box;
}

QWidget* RunForm::combo(const QString& path, const char* objectName, const QList<Choice>& choices)
{
    auto* box = new QComboBox(this);
    box->setObjectName(objectName);
    for (const Choice& choice : choices)
        box->addItem(choice.label, choice.value);
    bind(path, box);
    return box;
}

QWidget* RunForm::check(const QString& path, const char* objectName, const QString& text)
{
    auto* box = new QCheckBox(text, this);
    box->setObjectName(objectName);
    bind(path, box);
    return box;
}

QWidget* RunForm::pair(QWidget* first, QWidget* second)
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(first);
    layout->addWidget(second);
    layout->addStretch(1);
    return row;
}

void RunForm::setDraft(const RunDraft& draft)
{
    loading_ = true;
    hidden_.clear();
    for (auto it = draft.begin(); it != draft.end(); ++it) {
        if (QWidget* widget = fields_.value(it.key()))
            setValue(widget, it.value());
        else
            hidden_.insert(it.key(), it.value());
    }
    loading_ = false;
    updateRelevance();
}

RunDraft RunForm::draft() const
{
    RunDraft draft = hidden_;
    for (auto it = fields_.begin(); it != fields_.end(); ++it)
        draft[it.key()] = valueOf(it.value());
    return draft;
}

void RunForm::setReferenceCandidates(const QList<ReferenceCandidate>& candidates)
{
    references_->setCandidates(candidates);
}

QWidget* RunForm::widgetFor(const QString& path) const
{
    if (QWidget* widget = fields_.value(path))
        return widget;
    QString best; // the deepest field above the path, else the first field below it
    for (auto it = fields_.begin(); it != fields_.end(); ++it)
        if (path.startsWith(it.key() + '.') && it.key().size() > best.size())
            best = it.key();
    if (best.isEmpty())
        for (const FieldSpec& field : draftFields())
            if (field.path.startsWith(path + '.') && fields_.contains(field.path))
                return fields_.value(field.path);
    return fields_.value(best);
}

void RunForm::setProblems(const QList<FieldProblem>& problems)
{
    QHash<QWidget*, QString> marked;
    for (const FieldProblem& problem : problems)
        if (QWidget* widget = widgetFor(problem.path); widget && !marked.contains(widget))
            marked[widget] = problem.message;
    for (QWidget* widget : fields_) {
        // The picker's list is what shows the border.
        QWidget* shown = widget == references_ ? references_->findChild<QListWidget*>() : widget;
        markInvalid(shown, marked.value(widget));
    }
}

void RunForm::setDataSummary(const QString& text, bool ok)
{
    dataSummary_->setText(text);
    dataSummary_->setStyleSheet(ok ? QString() : QStringLiteral("color: #c9302c;"));
}

void RunForm::setBusy(bool busy)
{
    demoButton_->setEnabled(!busy);
    references_->setImportEnabled(!busy);
}

void RunForm::onFieldChanged()
{
    if (loading_)
        return;
    updateRelevance();
    Q_EMIT edited();
}

void RunForm::updateRelevance()
{
    const RunDraft current = draft();
    for (auto it = rows_.begin(); it != rows_.end(); ++it)
        it->first->setRowVisible(it->second, isFieldRelevant(current, it.key()));
    const QString method = draftMethod(current);
    methodForm_->setRowVisible(fdGroup_, method == "fd");
    methodForm_->setRowVisible(ldiGroup_, method == "ldi");
    fields_["method.kd_alpha"]->setEnabled(current.value(kKdAlphaSet).toBool());
    fields_["train.eta_min"]->setEnabled(current.value(kEtaMinSet).toBool());
    references_->setHint(referenceHint(method));
}

} // namespace flipbench::ui
