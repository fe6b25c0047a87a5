#pragma once

#include "ui/new_run/plan_drafts.h"
#include "ui/new_run/run_checks.h"
#include "ui/new_run/run_draft.h"

#include <flipbench/config/run_config.h>

#include <QDialog>
#include <QList>
#include <QString>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace flipbench::ui {

class RunForm;

/// The New Run form: a plan of one or more runs (blank, a preset, a duplicated config or the seed
/// notebook's hyperparameters), each edited in the same form and validated as it is typed. Start
/// and "Add to queue" stay disabled while any run of the plan is invalid; the caller enqueues
/// plan() when the dialog is accepted.
class NewRunDialog : public QDialog {
    Q_OBJECT
public:
    NewRunDialog(const QString& workspace, const QString& defaultDataPath, QWidget* parent = nullptr);

    /// Fills the plan with the preset's runs (their data folder: the one in the form, else the default).
    void loadPreset(const QString& presetName);
    /// A one-run plan ("duplicate as new run").
    void loadConfig(const flipbench::RunConfig& config);
    /// Fills the selected run from the seed notebook's hyperparameter JSON; a kd_model_path naming a
    /// file is imported in the background and becomes the reference. False (and a message box,
    /// opened without blocking) when the file cannot be read or mapped.
    bool loadNotebookHyperparameters(const QString& file);

    /// The runs to queue, in order, parsed by the core (data paths absolute; a reference to an
    /// earlier run of the plan keeps that run's config name). Check isValid() first: the list is
    /// empty when a run does not parse at all, and may hold runs failing the form's further checks.
    QList<flipbench::RunConfig> plan() const;
    /// The preset the plan came from ("cpu-quick"), or "" for a plan put together by hand.
    QString planLabel() const;
    /// True when the user pressed "Add to queue" rather than "Start".
    bool queueOnly() const { return queueOnly_; }
    bool isValid() const;
    /// "train.lr: must be > 0, got -0.1" (prefixed "Run 2 (name): " in a plan of several runs), or "".
    QString firstError() const;
    /// A model import or demo data is being written.
    bool isBusy() const { return busyTasks_ > 0; }

private:
    void buildUi();
    RunDraft blankDraft() const;
    QString currentDataPath() const;
    void setPlan(const QList<RunDraft>& drafts);
    void rebuildPlanList();
    void selectRun(int row);
    void showCurrentRun();
    void onFormEdited();
    void revalidate();
    void addRun();
    void removeRun();
    void onPresetChosen(int index);
    void chooseReferenceFile();
    void startImport(const QString& file, const QString& arch, int runId);
    void createDemoData();
    void chooseNotebookFile();
    void setBusy(bool starting, const QString& what = {});
    void showProblem(const QString& title, const QString& text);

    QString workspace_;
    QString defaultDataPath_;
    PlanContext context_;
    PlanDrafts plan_;
    int busyTasks_ = 0;
    bool queueOnly_ = false;

    QComboBox* presetCombo_ = nullptr;
    QLabel* presetDescription_ = nullptr;
    QListWidget* planList_ = nullptr;
    QPushButton* addRunButton_ = nullptr;
    QPushButton* removeRunButton_ = nullptr;
    RunForm* form_ = nullptr;
    QLabel* notesLabel_ = nullptr;
    QLabel* busyLabel_ = nullptr;
    QProgressBar* busyBar_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QPushButton* importNotebookButton_ = nullptr;
    QPushButton* startButton_ = nullptr;
    QPushButton* queueButton_ = nullptr;
};

} // namespace flipbench::ui
