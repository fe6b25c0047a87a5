#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QWidget;

namespace flipbench::ui {

class CurveStore;
class TrainingController;

/// What the user can do to run folders from the run table, the details panel and the Run menu:
/// resume, cancel (asking first when a training would stop), delete (to the trash, asking first),
/// compare two configurations, edit tags and note, show the folder. Dialogs open over `window`;
/// errors are reported through message(), never thrown.
class RunFolderActions final : public QObject {
    Q_OBJECT
public:
    RunFolderActions(QWidget* window, TrainingController* controller, CurveStore* curves);

    /// The workspace resumed runs are queued in.
    void setWorkspace(const QString& workspace) { workspace_ = workspace; }

    void resume(const QStringList& runDirs);
    void cancel(const QList<int>& jobIds);
    void remove(const QStringList& runDirs);
    /// The settings of two runs' config.json that differ, in a dialog beside the window.
    void compareConfigurations(const QString& runA, const QString& runB);
    /// The tags and note of a run folder, edited in a dialog and saved to its notes.json.
    void editNotes(const QString& runDir);
    void showFolder(const QString& runDir);

Q_SIGNALS:
    /// For the window's message bar: `error` in red.
    void message(const QString& text, bool error);
    /// Run folders were deleted or their files changed: read the workspace again.
    void runsChanged();

private:
    QWidget* window_;
    TrainingController* controller_;
    CurveStore* curves_;
    QString workspace_;
};

} // namespace flipbench::ui
