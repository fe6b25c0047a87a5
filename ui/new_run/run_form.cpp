#include "ui/new_run/run_form.h"

#include "ui/app/download_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
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

#include <climits>

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

// The sections: which field goes where, with which widget and objectName.
void RunForm::buildDataSection(QFormLayout* form)
{
    auto* path = new QLineEdit(this);
    path->setObjectName("dataPathEdit");
    path->setPlaceholderText(tr("cifar-10-batches-bin folder, or an image folder with train/ and test/"));
    bind("data.path", path);
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName("browseDataButton");
    auto* download = new QPushButton(tr("Download…"), this);
    download->setObjectName("downloadDataButton");
    download->setToolTip(tr("Downloads CIFAR-10 (170 MB, checked and unpacked) and fills in its folder."));
    demoButton_ = new QPushButton(tr("Demo data"), this);
    demoButton_->setObjectName("demoDataButton");
    demoButton_->setToolTip(tr("Uses a small generated data set in the CIFAR-10 layout (written into the workspace "
                               "the first time), for a first run without a download."));
    auto* row = new QWidget(this);
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(path, 1);
    rowLayout->addWidget(browse);
    rowLayout->addWidget(download);
    rowLayout->addWidget(demoButton_);
    addRow(form, "data.path", tr("Folder"), row);
    dataSummary_ = new QLabel(this);
    dataSummary_->setObjectName("dataInfoLabel");
    dataSummary_->setWordWrap(true);
    form->addRow(QString(), dataSummary_);
    addRow(form, "data.train_limit", tr("Training images"),
           spin("data.train_limit", "trainLimitSpin", 0, INT_MAX, tr("all")));
    addRow(form, "data.test_limit", tr("Test images"), spin("data.test_limit", "testLimitSpin", 0, INT_MAX, tr("all")));
    addRow(form, "data.val_size", tr("Validation images"),
           spin("data.val_size", "valSizeSpin", 0, INT_MAX, tr("none")));

    connect(browse, &QPushButton::clicked, this, [this, path] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("CIFAR-10 Binary Folder or Image Folder"), path->text());
        if (!dir.isEmpty())
            path->setText(dir);
    });
    connect(download, &QPushButton::clicked, this, [this, path] {
        auto* dialog = new DownloadDialog(DownloadDialog::defaultFolder(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &DownloadDialog::downloaded, path, &QLineEdit::setText); // setText notifies the form
        dialog->open();
    });
    connect(demoButton_, &QPushButton::clicked, this, &RunForm::demoDataRequested);
}

void RunForm::buildMethodSection(QFormLayout* form)
{
    addRow(form, "model.arch", tr("Model"), combo("model.arch", "archCombo", fieldChoices("model.arch")));
    addRow(form, "model.fc_init", tr("Classifier init"),
           combo("model.fc_init", "fcInitCombo", fieldChoices("model.fc_init")));
    addRow(form, "method.name", tr("Method"), combo("method.name", "methodCombo", fieldChoices("method.name")));
    auto* alphaEdit = numberEdit("method.kd_alpha", "kdAlphaEdit");
    addRow(form, kKdAlphaSet, tr("Mix weight (α)"),
           pair(check(kKdAlphaSet, "kdAlphaCheck", tr("mix with")), alphaEdit));
    addRow(form, "method.kd_loss_weight", tr("Distillation weight"),
           numberEdit("method.kd_loss_weight", "kdLossWeightEdit"));

    auto* fd = new QGroupBox(tr("Focal Distillation"), this);
    fd->setObjectName("fdGroup");
    auto* fdForm = new QFormLayout(fd);
    addRow(fdForm, "method.fd.divergence", tr("Divergence"),
           combo("method.fd.divergence", "fdDivergenceCombo", fieldChoices("method.fd.divergence")));
    addRow(fdForm, "method.fd.temperature", tr("Temperature"),
           numberEdit("method.fd.temperature", "fdTemperatureEdit"));
    addRow(fdForm, "method.fd.filter", tr("Focus filter"),
           combo("method.fd.filter", "fdFilterCombo", fieldChoices("method.fd.filter")));
    addRow(fdForm, "method.fd.filter_base", tr("Filter base"), numberEdit("method.fd.filter_base", "fdFilterBaseEdit"));
    addRow(fdForm, "method.fd.filter_scale", tr("Filter scale"),
           numberEdit("method.fd.filter_scale", "fdFilterScaleEdit"));
    addRow(fdForm, "method.fd.weighting", tr("Weighting"),
           combo("method.fd.weighting", "fdWeightingCombo", fieldChoices("method.fd.weighting")));
    form->addRow(fd);
    fdGroup_ = fd;
    methodForm_ = form;

    auto* ldi = new QGroupBox(tr("Logit Difference Inhibition"), this);
    ldi->setObjectName("ldiGroup");
    auto* ldiForm = new QFormLayout(ldi);
    addRow(ldiForm, "method.ldi.p", tr("p"), numberEdit("method.ldi.p", "ldiPEdit"));
    addRow(ldiForm, "method.ldi.margin", tr("Margin"), numberEdit("method.ldi.margin", "ldiMarginEdit"));
    addRow(ldiForm, "method.ldi.exclude_gt", QString(),
           check("method.ldi.exclude_gt", "ldiExcludeGtCheck", tr("Exclude the true class")));
    addRow(ldiForm, "method.ldi.top_k", tr("Top-k"),
           spin("method.ldi.top_k", "ldiTopKSpin", 0, 100000, tr("all classes")));
    addRow(ldiForm, "method.ldi.one_sided", QString(),
           check("method.ldi.one_sided", "ldiOneSidedCheck", tr("Only where the new logit is larger")));
    form->addRow(ldi);
    ldiGroup_ = ldi;
}

void RunForm::buildReferenceSection(QFormLayout* form)
{
    references_ = new ReferencePicker(this);
    bind("method.reference", references_);
    form->addRow(references_);
    rows_["method.reference"] = {form, references_};
    addRow(form, "method.init_from_reference", QString(),
           check("method.init_from_reference", "initFromReferenceCheck", tr("Start from the reference's weights")));
    connect(references_, &ReferencePicker::importRequested, this, &RunForm::importReferenceRequested);
}

void RunForm::buildTrainingSection(QFormLayout* form, const QList<Choice>& devices)
{
    addRow(form, "train.epochs", tr("Epochs"), spin("train.epochs", "epochsSpin", 1, 100000));
    addRow(form, "train.batch_size", tr("Batch size"), spin("train.batch_size", "batchSizeSpin", 1, 1 << 20));
    addRow(form, "train.lr", tr("Learning rate"), numberEdit("train.lr", "lrEdit"));
    addRow(form, "train.momentum", tr("Momentum"), numberEdit("train.momentum", "momentumEdit"));
    addRow(form, "train.weight_decay", tr("Weight decay"), numberEdit("train.weight_decay", "weightDecayEdit"));
    addRow(form, "train.nesterov", QString(), check("train.nesterov", "nesterovCheck", tr("Nesterov momentum")));
    addRow(form, "train.schedule", tr("Schedule"),
           combo("train.schedule", "scheduleCombo", fieldChoices("train.schedule")));
    addRow(form, "train.lr_step", tr("LR step (epochs)"), numberEdit("train.lr_step", "lrStepEdit"));
    auto* etaMinEdit = numberEdit("train.eta_min", "etaMinEdit");
    addRow(form, kEtaMinSet, tr("Final rate"), pair(check(kEtaMinSet, "etaMinCheck", tr("end at")), etaMinEdit));
    addRow(form, "train.step_gamma", tr("Step factor"), numberEdit("train.step_gamma", "stepGammaEdit"));
    addRow(form, "train.warmup_epochs", tr("Warm-up epochs"), numberEdit("train.warmup_epochs", "warmupEdit"));
    addRow(form, "train.augment.crop", tr("Augmentation"),
           pair(check("train.augment.crop", "cropCheck", tr("Random crop")),
                check("train.augment.flip", "flipCheck", tr("Horizontal flip"))));
    addRow(form, "train.label_smoothing", tr("Label smoothing"),
           numberEdit("train.label_smoothing", "labelSmoothingEdit"));
    addRow(form, "train.grad_clip", tr("Gradient clip"), numberEdit("train.grad_clip", "gradClipEdit"));
    addRow(form, "train.selection", tr("Keep weights of"),
           combo("train.selection", "selectionCombo", fieldChoices("train.selection")));
    addRow(form, "train.precision", tr("Precision"),
           combo("train.precision", "precisionCombo", fieldChoices("train.precision")));
    auto* seed = new QLineEdit(this); // a line edit: seeds go up to 2^63-1, beyond a spin box
    seed->setObjectName("seedEdit");
    seed->setMaximumWidth(160);
    bind("train.seed", seed);
    addRow(form, "train.seed", tr("Seed"), seed);
    addRow(form, "train.device", tr("Device"), combo("train.device", "deviceCombo", devices));
    addRow(form, "train.threads", tr("CPU threads"), spin("train.threads", "threadsSpin", 0, 1024, tr("one per core")));
}

} // namespace flipbench::ui
