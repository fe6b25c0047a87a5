#include "ui/new_run/new_run_dialog.h"

#include "ui/new_run/run_form.h"

#include <flipbench/config/presets.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace flipbench::ui {

NewRunDialog::NewRunDialog(const QString& workspace, const QString& defaultDataPath, QWidget* parent)
    : QDialog(parent), workspace_(workspace), defaultDataPath_(defaultDataPath)
{
    setWindowTitle(tr("New run"));
    context_ = makePlanContext(workspace);
    buildUi();
    presetDescription_->setText(presetCombo_->itemData(0, Qt::ToolTipRole).toString());
    setPlan({blankDraft()});
    resize(1000, 700);
}

void NewRunDialog::buildUi()
{
    presetCombo_ = new QComboBox(this);
    presetCombo_->setObjectName("presetCombo");
    presetCombo_->addItem(tr("Blank run"), QString());
    presetCombo_->setItemData(0, tr("One run with quick-start settings: small_cnn, 10 epochs."), Qt::ToolTipRole);
    for (const auto& name : presetNames()) {
        presetCombo_->addItem(QString::fromStdString(name), QString::fromStdString(name));
        presetCombo_->setItemData(presetCombo_->count() - 1,
                                  QString::fromStdString(flipbench::loadPreset(name).description), Qt::ToolTipRole);
    }
    presetDescription_ = new QLabel(this);
    presetDescription_->setObjectName("presetDescriptionLabel");
    presetDescription_->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Start from"), this));
    top->addWidget(presetCombo_, 1);

    planList_ = new QListWidget(this);
    planList_->setObjectName("planList");
    planList_->setIconSize(QSize(16, 16));
    planList_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // long names are elided
    addRunButton_ = new QPushButton(tr("Add run"), this);
    addRunButton_->setObjectName("addRunButton");
    addRunButton_->setToolTip(tr("Adds a copy of the selected run after it."));
    removeRunButton_ = new QPushButton(tr("Remove"), this);
    removeRunButton_->setObjectName("removeRunButton");
    auto* planButtons = new QHBoxLayout;
    planButtons->addWidget(addRunButton_);
    planButtons->addWidget(removeRunButton_);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Runs, trained in this order"), left));
    leftLayout->addWidget(planList_, 1);
    leftLayout->addLayout(planButtons);

    form_ = new RunForm(deviceChoices(context_.devices), this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(form_);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({230, 770});

    notesLabel_ = new QLabel(this);
    notesLabel_->setObjectName("notesLabel");
    notesLabel_->setWordWrap(true);
    notesLabel_->hide();
    busyLabel_ = new QLabel(this);
    busyBar_ = new QProgressBar(this);
    busyBar_->setObjectName("busyIndicator");
    busyBar_->setRange(0, 0); // indeterminate: an import reports no progress
    busyBar_->setMaximumWidth(200);
    auto* busy = new QHBoxLayout;
    busy->addWidget(busyLabel_, 1);
    busy->addWidget(busyBar_);
    busyLabel_->hide();
    busyBar_->hide();
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName("errorLabel");
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet("color: #c9302c;");
    errorLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    importNotebookButton_ = new QPushButton(tr("Import notebook hyperparameters…"), this);
    importNotebookButton_->setObjectName("importNotebookButton");
    importNotebookButton_->setToolTip(tr("Fills the selected run from the seed notebook's hyperparameter JSON."));
    auto* buttons = new QDialogButtonBox(this);
    startButton_ = buttons->addButton(tr("Start"), QDialogButtonBox::ActionRole);
    startButton_->setObjectName("startButton");
    startButton_->setDefault(true);
    queueButton_ = buttons->addButton(tr("Add to Queue"), QDialogButtonBox::ActionRole);
    queueButton_->setObjectName("queueButton");
    queueButton_->setToolTip(tr("Adds the runs at the end of the queue: they start in turn, after the runs waiting "
                                "already. A paused queue stays paused (Start resumes it)."));
    buttons->addButton(QDialogButtonBox::Cancel);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(importNotebookButton_);
    bottom->addStretch(1);
    bottom->addWidget(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(presetDescription_);
    layout->addWidget(splitter, 1);
    layout->addWidget(notesLabel_);
    layout->addLayout(busy);
    layout->addWidget(errorLabel_);
    layout->addLayout(bottom);

    connect(presetCombo_, &QComboBox::currentIndexChanged, this, &NewRunDialog::onPresetChosen);
    connect(planList_, &QListWidget::currentRowChanged, this, &NewRunDialog::selectRun);
    connect(addRunButton_, &QPushButton::clicked, this, &NewRunDialog::addRun);
    connect(removeRunButton_, &QPushButton::clicked, this, &NewRunDialog::removeRun);
    connect(form_, &RunForm::edited, this, &NewRunDialog::onFormEdited);
    connect(form_, &RunForm::importReferenceRequested, this, &NewRunDialog::chooseReferenceFile);
    connect(form_, &RunForm::demoDataRequested, this, &NewRunDialog::createDemoData);
    connect(importNotebookButton_, &QPushButton::clicked, this, &NewRunDialog::chooseNotebookFile);
    connect(startButton_, &QPushButton::clicked, this, [this] {
        queueOnly_ = false;
        accept();
    });
    connect(queueButton_, &QPushButton::clicked, this, [this] {
        queueOnly_ = true;
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

RunDraft NewRunDialog::blankDraft() const
{
    RunConfig config;
    config.name = "run";
    config.model.arch = "small_cnn";
    config.train.epochs = 10;
    config.train.batchSize = 128;
    config.train.lr = 0.05;
    config.data.path = defaultDataPath_.toStdString();
    return draftFromConfig(config);
}

QString NewRunDialog::currentDataPath() const
{
    const QString path = plan_.isEmpty() ? QString() : plan_[current_].draft.value("data.path").toString();
    return path.isEmpty() ? defaultDataPath_ : path;
}

void NewRunDialog::loadPreset(const QString& presetName)
{
    Preset preset;
    try {
        preset = flipbench::loadPreset(presetName.toStdString());
    } catch (const std::exception& e) {
        showProblem(tr("Preset"), QString::fromStdString(e.what()));
        return;
    }
    const QString dataPath = currentDataPath();
    QList<RunDraft> drafts;
    for (const RunConfig& run : preset.runs) {
        RunDraft draft = draftFromConfig(run);
        if (draft.value("data.path").toString().isEmpty())
            draft["data.path"] = dataPath;
        drafts << draft;
    }
    const QSignalBlocker blocker(presetCombo_);
    presetCombo_->setCurrentIndex(qMax(0, presetCombo_->findData(presetName)));
    presetDescription_->setText(QString::fromStdString(preset.description));
    setPlan(drafts);
}

void NewRunDialog::loadConfig(const RunConfig& config)
{
    RunDraft draft = draftFromConfig(config);
    if (draft.value("data.path").toString().isEmpty())
        draft["data.path"] = defaultDataPath_;
    const QSignalBlocker blocker(presetCombo_);
    presetCombo_->setCurrentIndex(0);
    presetDescription_->setText(tr("A copy of %1.").arg(QString::fromStdString(config.name)));
    setPlan({draft});
}

QString NewRunDialog::planLabel() const
{
    return presetCombo_->currentData().toString();
}

void NewRunDialog::onPresetChosen(int index)
{
    if (index > 0) {
        loadPreset(presetCombo_->itemData(index).toString());
        return;
    }
    presetDescription_->setText(presetCombo_->itemData(0, Qt::ToolTipRole).toString());
    RunDraft draft = blankDraft();
    draft["data.path"] = currentDataPath();
    setPlan({draft});
}

bool NewRunDialog::isValid() const
{
    return firstError().isEmpty();
}

QString NewRunDialog::firstError() const
{
    for (int i = 0; i < plan_.size(); ++i)
        if (!plan_[i].check.ok())
            return plan_.size() > 1
                       ? tr("Run %1 (%2): %3").arg(i + 1).arg(draftName(plan_[i].draft), plan_[i].check.firstMessage())
                       : plan_[i].check.firstMessage();
    return {};
}

QList<RunConfig> NewRunDialog::plan() const
{
    QList<RunConfig> runs;
    for (const PlanRun& run : plan_) {
        if (!run.check.config)
            return {};
        runs << *run.check.config;
    }
    return runs;
}

void NewRunDialog::setBusy(bool starting, const QString& what)
{
    busyTasks_ += starting ? 1 : -1;
    if (starting)
        busyLabel_->setText(what);
    busyLabel_->setVisible(busyTasks_ > 0);
    busyBar_->setVisible(busyTasks_ > 0);
    form_->setBusy(busyTasks_ > 0);
    importNotebookButton_->setEnabled(busyTasks_ == 0);
    revalidate();
}

void NewRunDialog::showProblem(const QString& title, const QString& text)
{
    // open(), not exec(): no nested event loop, so a caller (or a test) is never stuck behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName("problemBox");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace flipbench::ui
