// The sections of the New Run form: which field goes where, with which widget and objectName.

#include "ui/new_run/run_form.h"

#include "ui/app/download_dialog.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <climits>

namespace flipbench::ui {

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
