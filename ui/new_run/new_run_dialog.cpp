#include "ui/new_run/new_run_dialog.h"

#include "ui/app/app_settings.h"
#include "ui/app/background_tasks.h"
#include "ui/new_run/run_form.h"
#include "ui/widgets/number_format.h"

#include <flipbench/config/notebook_hyperparameters.h>
#include <flipbench/config/presets.h>
#include <flipbench/data/data_folder_summary.h>
#include <flipbench/util/json_document.h>

#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace flipbench::ui {

namespace {

/// What the notebook does not say, so a notebook import keeps the form's values.
const QStringList kKeptFromForm = {"data.path",     "data.train_limit", "data.test_limit",
                                   "data.val_size", "train.device",     "train.threads"};

QString runLabel(int row, const RunDraft& draft)
{
    return NewRunDialog::tr("%1. %2  (%3, %4)")
        .arg(row + 1)
        .arg(draftName(draft), draftMethod(draft), draft.value("model.arch").toString());
}

} // namespace

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
    const QString path = plan_.isEmpty() ? QString() : plan_.currentRun().draft.value("data.path").toString();
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
        if (!plan_.at(i).check.ok())
            return plan_.size() > 1 ? tr("Run %1 (%2): %3")
                                          .arg(i + 1)
                                          .arg(draftName(plan_.at(i).draft), plan_.at(i).check.firstMessage())
                                    : plan_.at(i).check.firstMessage();
    return {};
}

QList<RunConfig> NewRunDialog::plan() const
{
    QList<RunConfig> runs;
    for (const PlanDrafts::Run& run : plan_) {
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

// The plan: its runs, switching between them, and validating every run as it is edited.
void NewRunDialog::setPlan(const QList<RunDraft>& drafts)
{
    plan_.reset(drafts);
    notesLabel_->hide();
    rebuildPlanList();
    showCurrentRun();
}

void NewRunDialog::rebuildPlanList()
{
    const QSignalBlocker blocker(planList_);
    planList_->clear();
    for (int row = 0; row < plan_.size(); ++row)
        new QListWidgetItem(planList_);
    planList_->setCurrentRow(plan_.current());
}

void NewRunDialog::selectRun(int row)
{
    if (plan_.setCurrent(row))
        showCurrentRun();
}

void NewRunDialog::showCurrentRun()
{
    QList<ReferenceCandidate> candidates;
    for (int i = 0; i < plan_.current(); ++i) {
        const QString name = draftName(plan_.at(i).draft);
        candidates.append(
            {name, tr("%1 (this plan)").arg(name), tr("Run %1 of this plan, trained before this one.").arg(i + 1)});
    }
    for (const auto& run : context_.workspaceRuns) {
        if (run.status.state != RunState::Completed)
            continue;
        QString label = QString::fromStdString(run.name) + " (" + QString::fromStdString(run.arch);
        if (run.testAccuracy)
            label += tr(", %1 test accuracy").arg(formatPercent(*run.testAccuracy));
        candidates.append(
            {QString::fromStdString(run.dir.string()), label + ")", QString::fromStdString(run.dir.string())});
    }
    form_->setReferenceCandidates(candidates);
    form_->setDraft(plan_.currentRun().draft);
    removeRunButton_->setEnabled(plan_.size() > 1);
    revalidate();
}

void NewRunDialog::onFormEdited()
{
    plan_.editCurrent(form_->draft());
    revalidate();
}

void NewRunDialog::revalidate()
{
    plan_.check(context_);
    for (int row = 0; row < planList_->count() && row < plan_.size(); ++row) {
        QListWidgetItem* item = planList_->item(row);
        const RunCheck& check = plan_.at(row).check;
        item->setText(runLabel(row, plan_.at(row).draft));
        item->setIcon(check.ok() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setToolTip(item->text() + "\n" + (check.ok() ? tr("Ready") : check.firstMessage()));
    }
    if (plan_.isEmpty())
        return;
    const RunCheck& current = plan_.currentRun().check;
    form_->setProblems(current.problems);
    form_->setDataSummary(current.dataSummary, current.dataOk);
    // The run being edited speaks first; otherwise the first run of the plan that is wrong.
    errorLabel_->setText(current.ok() ? firstError()
                                      : (plan_.size() > 1 ? tr("Run %1: ").arg(plan_.current() + 1) : QString()) +
                                            current.firstMessage());
    const bool ready = isValid() && busyTasks_ == 0;
    startButton_->setEnabled(ready);
    queueButton_->setEnabled(ready);
}

void NewRunDialog::addRun()
{
    plan_.addCopyOfCurrent();
    rebuildPlanList();
    showCurrentRun();
}

void NewRunDialog::removeRun()
{
    if (!plan_.removeCurrent())
        return;
    rebuildPlanList();
    showCurrentRun();
}

// Imports: the seed notebook's hyperparameters, model files as references and demo data. The slow
// ones run on the thread pool behind a busy indicator.
bool NewRunDialog::loadNotebookHyperparameters(const QString& file)
{
    const auto fail = [&](const QString& why) {
        showProblem(tr("Notebook hyperparameters"), tr("Cannot use %1: %2").arg(QDir::toNativeSeparators(file), why));
        return false;
    };
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return fail(input.errorString());
    NotebookMapping mapping;
    std::vector<NotebookReferenceSource> sources;
    try {
        mapping = mapNotebookHyperparameters(parseJsonDocument(input.readAll().toStdString(), "the file"));
        sources = locateNotebookReferences(mapping, workspace_.toStdString());
        const bool needsImport = std::any_of(sources.begin(), sources.end(), [](const NotebookReferenceSource& s) {
            return s.kind == NotebookReferenceSource::Kind::File;
        });
        if (needsImport && !plan_.currentRun().check.dataOk)
            return fail(tr("kd_model_path names a model file, which is imported by evaluating it on the test "
                           "images; choose a valid data folder first"));
        for (const auto& source : sources) {
            if (source.kind == NotebookReferenceSource::Kind::Run)
                checkNotebookReferenceRun(mapping, source.path);
            else // the imported model has the data's classes; check before anything is written
                checkNotebookReference(
                    mapping, source.path.filename().string(), mapping.referenceArch,
                    static_cast<int64_t>(
                        inspectDataFolder(
                            absoluteDataPath(plan_.currentRun().draft.value("data.path").toString()).toStdString())
                            .classNames.size()));
        }
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }

    QStringList references;
    for (const auto& source : sources)
        if (source.kind == NotebookReferenceSource::Kind::Run)
            references << QString::fromStdString(source.path.string());
    RunDraft draft = draftFromConfig(mapping.config);
    for (const QString& key : kKeptFromForm)
        draft[key] = plan_.currentRun().draft.value(key);
    draft["method.reference"] = references;
    plan_.currentRun().draft = draft;
    showCurrentRun();

    QStringList notes;
    for (const auto& note : mapping.notes)
        notes << QString::fromStdString(note);
    for (const auto& source : sources) {
        notes << QString::fromStdString(source.note);
        if (source.kind == NotebookReferenceSource::Kind::File)
            startImport(QString::fromStdString(source.path.string()), QString::fromStdString(mapping.referenceArch),
                        plan_.currentRun().id);
    }
    notesLabel_->setText(tr("From %1:\n").arg(QFileInfo(file).fileName()) + notes.join('\n'));
    notesLabel_->setVisible(true);
    return true;
}

void NewRunDialog::chooseNotebookFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Notebook hyperparameters"), QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!file.isEmpty())
        loadNotebookHyperparameters(file);
}

void NewRunDialog::chooseReferenceFile()
{
    if (!plan_.currentRun().check.dataOk) {
        showProblem(tr("Import model file"), tr("Choose a valid data folder first: the imported model is evaluated "
                                                "on its test images, the same ones this run is tested on."));
        return;
    }
    const QString file = QFileDialog::getOpenFileName(this, tr("Import model file"), QString(),
                                                      tr("PyTorch weights (*.pt *.pth);;All files (*)"));
    if (file.isEmpty())
        return;
    QStringList labels, archs;
    for (const Choice& choice : fieldChoices("model.arch")) {
        labels << choice.label;
        archs << choice.value;
    }
    bool ok = false;
    const int current = qMax(0, int(archs.indexOf(plan_.currentRun().draft.value("model.arch").toString())));
    const QString label =
        QInputDialog::getItem(this, tr("Import model file"), tr("Architecture of %1:").arg(QFileInfo(file).fileName()),
                              labels, current, false, &ok);
    if (ok)
        startImport(file, archs.value(int(labels.indexOf(label))), plan_.currentRun().id);
}

void NewRunDialog::startImport(const QString& file, const QString& arch, int runId)
{
    const RunDraft& draft = plan_.at(plan_.rowOf(runId)).draft;
    ModelImportSpec spec;
    spec.file = file;
    spec.arch = arch;
    spec.workspace = workspace_;
    spec.dataPath = absoluteDataPath(draft.value("data.path").toString());
    spec.testLimit = draft.value("data.test_limit").toLongLong();
    spec.device = draft.value("train.device").toString();
    setBusy(true, tr("Importing %1 and evaluating it on the test images…").arg(QFileInfo(file).fileName()));
    whenDone(this, importModelInBackground(spec), [this, runId, file](const TaskResult& result) {
        setBusy(false);
        if (!result.error.isEmpty()) {
            showProblem(tr("Import model file"), result.error);
            return;
        }
        context_ = makePlanContext(workspace_); // the new run is a completed run of the workspace now
        const int row = plan_.rowOf(runId);
        if (row >= 0) {
            QStringList references = draftReferences(plan_.at(row).draft);
            if (!references.contains(result.path))
                references << result.path;
            plan_.at(row).draft["method.reference"] = references;
        }
        showCurrentRun();
    });
}

void NewRunDialog::createDemoData()
{
    const int runId = plan_.currentRun().id;
    const QString before = plan_.currentRun().draft.value("data.path").toString();
    setBusy(true, tr("Writing demo data…"));
    whenDone(this, writeDemoDataInBackground(AppSettings::defaultDemoDataDir()),
             [this, runId, before](const TaskResult& result) {
                 setBusy(false);
                 if (!result.error.isEmpty()) {
                     showProblem(tr("Demo data"), result.error);
                     return;
                 }
                 // Every run of the plan that used the same folder switches with it: references need
                 // the same test images.
                 for (PlanDrafts::Run& run : plan_)
                     if (run.id == runId || run.draft.value("data.path").toString() == before)
                         run.draft["data.path"] = result.path;
                 showCurrentRun();
             });
}

} // namespace flipbench::ui
