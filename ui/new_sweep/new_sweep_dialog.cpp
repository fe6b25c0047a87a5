#include "ui/new_sweep/new_sweep_dialog.h"

#include "ui/runs/run_row.h"

#include <flipbench/config/presets.h>
#include <flipbench/config/run_config.h>
#include <flipbench/util/json_document.h>
#include <flipbench/sweeps/sweep_record.h>
#include <flipbench/util/atomic_file.h>
#include <flipbench/util/errors.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <exception>

namespace flipbench::ui {

namespace {

/// The config a base names: a preset's run ("preset:NAME/RUN") or a config.json file.
nlohmann::json baseConfig(const QString& base)
{
    try {
        if (base.startsWith(QStringLiteral("preset:"))) {
            const QString rest = base.mid(7);
            const int slash = rest.indexOf(QLatin1Char('/'));
            const flipbench::Preset preset = flipbench::loadPreset(rest.left(slash).toStdString());
            for (const auto& run : preset.runs)
                if (QString::fromStdString(run.name) == rest.mid(slash + 1))
                    return flipbench::toJson(run);
            return {};
        }
        return flipbench::readJsonDocument(base.toStdString());
    } catch (const std::exception&) {
        return {}; // the preview says what is wrong with it
    }
}

/// "sweep1", "sweep2", ...: the first name the workspace has no sweep of.
QString freshSweepName(const QString& workspace)
{
    std::vector<std::string> taken;
    try {
        if (!workspace.isEmpty())
            taken = flipbench::listSweeps(workspace.toStdString());
    } catch (const std::exception&) {
    }
    for (int i = 1;; ++i) {
        const std::string name = "sweep" + std::to_string(i);
        if (std::find(taken.begin(), taken.end(), name) == taken.end())
            return QString::fromStdString(name);
    }
}

} // namespace

NewSweepDialog::NewSweepDialog(const QString& workspace, const QString& dataPath, QWidget* parent)
    : QDialog(parent), workspace_(workspace), dataPath_(dataPath)
{
    setWindowTitle(tr("New Sweep"));
    setObjectName(QStringLiteral("newSweepDialog"));
    tabs_ = new QTabWidget(this);
    auto* formPage = new QWidget(tabs_);
    buildForm(formPage);
    tabs_->addTab(formPage, tr("Grid"));

    auto* filePage = new QWidget(tabs_);
    file_ = new QLineEdit(filePage);
    file_->setObjectName(QStringLiteral("sweepSpecFileEdit"));
    file_->setPlaceholderText(tr("A sweep spec (JSON; README, Sweeps)"));
    auto* browse = new QPushButton(tr("Browse…"), filePage);
    connect(browse, &QPushButton::clicked, this, [this] {
        // Where the sweeps queued here keep their specs (sweepSpecFile).
        const QString specs = workspace_ + QStringLiteral("/sweeps/specs");
        const QString start = QFileInfo::exists(specs) ? specs : workspace_;
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Open Sweep Spec"), start, tr("Sweep specs (*.json);;All files (*)"));
        if (!file.isEmpty())
            file_->setText(file);
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(file_, 1);
    fileRow->addWidget(browse);
    auto* fileHelp = new QLabel(tr("A spec of several arms (an old model, plain retraining, FD and LDI settings), or "
                                   "the spec of a sweep queued before: queueing it again trains only what is left "
                                   "(completed runs are kept, interrupted ones resume)."),
                                filePage);
    fileHelp->setWordWrap(true);
    auto* fileLayout = new QVBoxLayout(filePage);
    fileLayout->addLayout(fileRow);
    fileLayout->addWidget(fileHelp);
    fileLayout->addStretch(1);
    tabs_->addTab(filePage, tr("Spec File"));

    previewLabel_ = new QLabel(this);
    previewLabel_->setObjectName(QStringLiteral("sweepPreviewLabel"));
    previewLabel_->setWordWrap(true);
    previewLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    specView_ = new QPlainTextEdit(this);
    specView_->setObjectName(QStringLiteral("sweepSpecView"));
    specView_->setReadOnly(true);
    specView_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    specView_->setMaximumHeight(150);
    specView_->setToolTip(tr("The spec this queues; `flipbench-cli sweep` trains the same file."));

    auto* buttons = new QDialogButtonBox(this);
    start_ = buttons->addButton(tr("Start Sweep"), QDialogButtonBox::AcceptRole);
    start_->setObjectName(QStringLiteral("startSweepButton"));
    queue_ = buttons->addButton(tr("Add to Queue"), QDialogButtonBox::AcceptRole);
    queue_->setObjectName(QStringLiteral("queueSweepButton"));
    buttons->addButton(QDialogButtonBox::Cancel);
    // clicked(button) comes before accepted(): the flag is set when the window reads it.
    connect(buttons, &QDialogButtonBox::clicked, this,
            [this](QAbstractButton* button) { queueOnly_ = button == queue_; });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        updatePreview();
        if (preview_.error.isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs_);
    layout->addWidget(previewLabel_);
    layout->addWidget(specView_);
    layout->addWidget(buttons);

    previewTimer_ = new QTimer(this);
    previewTimer_->setSingleShot(true);
    previewTimer_->setInterval(250); // a pause in typing: the survey reads the workspace's folders
    connect(previewTimer_, &QTimer::timeout, this, &NewSweepDialog::updatePreview);
    connect(tabs_, &QTabWidget::currentChanged, this, &NewSweepDialog::schedulePreview);
    connect(file_, &QLineEdit::textChanged, this, &NewSweepDialog::schedulePreview);
    resize(720, 640);
    refreshFieldChoices();
    updatePreview();
}

void NewSweepDialog::buildForm(QWidget* page)
{
    name_ = new QLineEdit(freshSweepName(workspace_), page);
    name_->setObjectName(QStringLiteral("sweepNameEdit"));
    name_->setToolTip(tr("Prefixes every run folder: NAME-field+value-sSEED."));

    base_ = new QComboBox(page);
    base_->setObjectName(QStringLiteral("sweepBaseCombo"));
    for (const std::string& name : flipbench::presetNames()) {
        try {
            for (const auto& run : flipbench::loadPreset(name).runs)
                base_->addItem(
                    tr("Preset %1: %2").arg(QString::fromStdString(name), QString::fromStdString(run.name)),
                    QStringLiteral("preset:%1/%2").arg(QString::fromStdString(name), QString::fromStdString(run.name)));
        } catch (const std::exception&) {
        }
    }
    reference_ = new QComboBox(page);
    reference_->setObjectName(QStringLiteral("sweepReferenceCombo"));
    reference_->addItem(tr("nothing (plain retraining)"), QString());
    if (!workspace_.isEmpty())
        for (const RunRow& row : readWorkspaceRows(workspace_)) {
            if (row.dir.isEmpty() || row.state != flipbench::RunState::Completed)
                continue;
            base_->addItem(tr("Run %1").arg(row.name), row.dir + QStringLiteral("/config.json"));
            reference_->addItem(row.name, row.dir);
        }
    reference_->setToolTip(tr("The old model the runs are trained against (FD and LDI need one; set method.name "
                              "in the grid or start from a preset's FD or LDI run)."));

    grid_ = new QTableWidget(0, 2, page);
    grid_->setObjectName(QStringLiteral("sweepGridTable"));
    grid_->setHorizontalHeaderLabels({tr("Setting"), tr("Values (comma-separated)")});
    grid_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    grid_->horizontalHeader()->setStretchLastSection(true);
    grid_->setColumnWidth(0, 260);
    grid_->verticalHeader()->hide();
    grid_->setMinimumHeight(120);
    connect(grid_, &QTableWidget::itemChanged, this, &NewSweepDialog::schedulePreview);
    auto* add = new QPushButton(tr("Add Setting"), page);
    add->setObjectName(QStringLiteral("sweepAddFieldButton"));
    auto* remove = new QPushButton(tr("Remove Setting"), page);
    connect(add, &QPushButton::clicked, this, [this] { addGridLine(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        // The current line: the one whose values or setting (eventFilter) was last edited.
        const int row = grid_->currentRow();
        if (row >= 0)
            grid_->removeRow(row);
        schedulePreview();
    });
    auto* gridButtons = new QHBoxLayout;
    gridButtons->addWidget(add);
    gridButtons->addWidget(remove);
    gridButtons->addStretch(1);

    seeds_ = new QLineEdit(QStringLiteral("1, 2, 3"), page);
    seeds_->setObjectName(QStringLiteral("sweepSeedsEdit"));
    seeds_->setToolTip(tr("Every setting trains once per seed (\"1, 2, 3\" or \"1-5\"). Three or more make its "
                          "spread and interval mean something."));

    auto* form = new QFormLayout(page);
    form->addRow(tr("Name:"), name_);
    form->addRow(tr("Start from:"), base_);
    form->addRow(tr("Trained against:"), reference_);
    form->addRow(tr("Grid:"), grid_);
    form->addRow(QString(), gridButtons);
    form->addRow(tr("Seeds:"), seeds_);

    connect(name_, &QLineEdit::textChanged, this, &NewSweepDialog::schedulePreview);
    connect(seeds_, &QLineEdit::textChanged, this, &NewSweepDialog::schedulePreview);
    connect(reference_, &QComboBox::currentIndexChanged, this, &NewSweepDialog::schedulePreview);
    connect(base_, &QComboBox::currentIndexChanged, this, [this] {
        refreshFieldChoices();
        schedulePreview();
    });
}

void NewSweepDialog::addGridLine(const GridFieldDraft& field)
{
    const int row = grid_->rowCount();
    grid_->insertRow(row);
    auto* setting = new QComboBox(grid_);
    setting->setEditable(true);
    setting->addItems(fieldChoices_);
    setting->setCurrentText(field.path.isEmpty() ? QStringLiteral("method.kd_loss_weight") : field.path);
    connect(setting, &QComboBox::currentTextChanged, this, &NewSweepDialog::schedulePreview);
    setting->installEventFilter(this);
    setting->lineEdit()->installEventFilter(this);
    grid_->setCellWidget(row, 0, setting);
    grid_->setItem(row, 1, new QTableWidgetItem(field.values));
    schedulePreview();
}

bool NewSweepDialog::eventFilter(QObject* watched, QEvent* event)
{
    // A cell widget taking the focus does not make its row current: Remove Setting would miss it.
    if (event->type() == QEvent::FocusIn)
        for (int row = 0; row < grid_->rowCount(); ++row)
            if (QWidget* setting = grid_->cellWidget(row, 0);
                setting && (watched == setting || watched->parent() == setting))
                grid_->setCurrentCell(row, 0);
    return QDialog::eventFilter(watched, event);
}

void NewSweepDialog::refreshFieldChoices()
{
    fieldChoices_ = sweepableFields(baseConfig(base_->currentData().toString()));
    for (int row = 0; row < grid_->rowCount(); ++row)
        if (auto* setting = qobject_cast<QComboBox*>(grid_->cellWidget(row, 0))) {
            const QString text = setting->currentText();
            setting->blockSignals(true);
            setting->clear();
            setting->addItems(fieldChoices_);
            setting->setCurrentText(text);
            setting->blockSignals(false);
        }
}

SweepDraft NewSweepDialog::draft() const
{
    SweepDraft draft;
    draft.name = name_->text();
    draft.base = base_->currentData().toString();
    if (const QString reference = reference_->currentData().toString(); !reference.isEmpty())
        draft.reference << reference;
    for (int row = 0; row < grid_->rowCount(); ++row) {
        GridFieldDraft field;
        if (auto* setting = qobject_cast<QComboBox*>(grid_->cellWidget(row, 0)))
            field.path = setting->currentText();
        if (const QTableWidgetItem* values = grid_->item(row, 1))
            field.values = values->text();
        draft.grid << field;
    }
    draft.seeds = seeds_->text();
    return draft;
}

bool NewSweepDialog::usingFile() const
{
    return tabs_->currentIndex() == 1;
}

nlohmann::json NewSweepDialog::spec() const
{
    return spec_;
}

QString NewSweepDialog::specDir() const
{
    return usingFile() ? QFileInfo(file_->text()).absolutePath() : workspace_;
}

void NewSweepDialog::openSpecFile(const QString& file)
{
    file_->setText(file);
    // A spec the form can show (one the form wrote, say) opens in the form, to be changed; but only
    // where the form writes the very spec back (its reference listed, its values read the same),
    // since anything else would queue another sweep than the file's. Its base must be a preset's
    // run or an absolute file: the form's relative paths would be relative to the workspace.
    bool same = false;
    try {
        const nlohmann::json spec = flipbench::readJsonDocument(file.toStdString());
        const std::optional<SweepDraft> draft = draftOfSpec(spec);
        if (draft && (draft->base.startsWith(QStringLiteral("preset:")) || QFileInfo(draft->base).isAbsolute())) {
            setName(draft->name);
            setBase(draft->base);
            setReference(draft->reference);
            setGrid(draft->grid);
            setSeeds(draft->seeds);
            same = sweepSpecOf(this->draft()) == spec;
        }
    } catch (const std::exception&) {
        // not readable, not JSON, or not a form's: the Spec File tab says why
    }
    tabs_->setCurrentIndex(same ? 0 : 1);
    updatePreview();
}

void NewSweepDialog::setBase(const QString& base)
{
    int index = base_->findData(base);
    if (index < 0) { // a config file of the caller's: offered from now on
        base_->addItem(tr("Config %1").arg(QFileInfo(base).fileName()), base);
        index = base_->count() - 1;
    }
    base_->setCurrentIndex(index);
}

void NewSweepDialog::setReference(const QStringList& runDirs)
{
    const int index = reference_->findData(runDirs.value(0));
    reference_->setCurrentIndex(std::max(0, index));
}

void NewSweepDialog::setGrid(const QList<GridFieldDraft>& grid)
{
    grid_->setRowCount(0);
    for (const GridFieldDraft& field : grid)
        addGridLine(field);
}

void NewSweepDialog::setSeeds(const QString& seeds)
{
    seeds_->setText(seeds);
}

void NewSweepDialog::setName(const QString& name)
{
    name_->setText(name);
}

void NewSweepDialog::schedulePreview()
{
    previewTimer_->start();
}

void NewSweepDialog::updatePreview()
{
    previewTimer_->stop();
    spec_ = nlohmann::json();
    preview_ = {};
    try {
        if (usingFile()) {
            if (file_->text().trimmed().isEmpty())
                throw flipbench::UserError(tr("Choose a spec file.").toStdString());
            const QString file = file_->text().trimmed();
            spec_ = flipbench::readJsonDocument(file.toStdString()); // DataError "FILE is not valid JSON: ..."
        } else {
            spec_ = sweepSpecOf(draft());
        }
        preview_ = previewSweep(spec_, specDir(), workspace_, dataPath_);
    } catch (const std::exception& e) {
        preview_.error = QString::fromUtf8(e.what());
    }
    specView_->setPlainText(spec_.is_null() ? QString() : QString::fromStdString(spec_.dump(2)));
    const bool ok = preview_.error.isEmpty();
    previewLabel_->setText(ok ? preview_.summary : preview_.error);
    previewLabel_->setStyleSheet(ok ? QString() : QStringLiteral("QLabel { color: #b00020; }"));
    start_->setEnabled(ok && preview_.toTrain > 0);
    queue_->setEnabled(ok && preview_.toTrain > 0);
}

} // namespace flipbench::ui
