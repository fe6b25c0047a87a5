#pragma once

#include "ui/new_sweep/sweep_draft.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace flipbench::ui {

/// New Sweep: a base run (a preset's run or a run of the workspace), what it is trained against, a
/// grid of settings and the seeds, with the run count and estimated time as they are typed; or a
/// spec file (several arms, or a sweep queued before, to resume it). The runs go into the training
/// queue as one plan; the dialog itself trains nothing.
class NewSweepDialog final : public QDialog {
    Q_OBJECT
public:
    NewSweepDialog(const QString& workspace, const QString& dataPath, QWidget* parent = nullptr);

    /// The spec to queue, and the folder its relative paths are relative to.
    nlohmann::json spec() const;
    QString specDir() const;
    /// "Add to Queue" rather than "Start Sweep": behind the queue, and a paused queue stays paused.
    bool queueOnly() const { return queueOnly_; }
    /// Opens a spec (Run → Resume Sweep): in the form when it is one the form can show (one family,
    /// its base a preset's run or an absolute file, at most one reference), else in the Spec File tab.
    void openSpecFile(const QString& file);
    /// The preview of what is shown now (tests; the label shows the same).
    const SweepPreview& preview() const { return preview_; }

    // The form, for tests and for a caller that fills it.
    /// A base the list has ("preset:NAME/RUN", a run's config.json), or a config file, then added.
    void setBase(const QString& base);
    void setReference(const QStringList& runDirs);
    void setGrid(const QList<GridFieldDraft>& grid);
    void setSeeds(const QString& seeds);
    void setName(const QString& name);
    /// Recomputes the preview now instead of after the typing pause.
    void updatePreview();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildForm(QWidget* page);
    void addGridLine(const GridFieldDraft& field = {});
    void refreshFieldChoices();
    SweepDraft draft() const;
    bool usingFile() const;
    void schedulePreview();

    QString workspace_;
    QString dataPath_;
    bool queueOnly_ = false;
    SweepPreview preview_;
    nlohmann::json spec_;
    QString specError_;

    QTabWidget* tabs_;
    QLineEdit* name_;
    QComboBox* base_;
    QComboBox* reference_;
    QTableWidget* grid_;
    QLineEdit* seeds_;
    QLineEdit* file_;
    QLabel* previewLabel_;
    QPlainTextEdit* specView_;
    QPushButton* start_;
    QPushButton* queue_;
    QTimer* previewTimer_;
    QStringList fieldChoices_;
};

} // namespace flipbench::ui
