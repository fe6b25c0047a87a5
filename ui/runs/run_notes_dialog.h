#pragma once

#include <QDialog>
#include <QStringList>

class QLineEdit;
class QPlainTextEdit;

namespace flipbench::ui {

/// Edits a run's tags (comma-separated) and free-text note (Run table → Edit tags and note…).
/// It only edits the text; the main window reads and writes the run's notes.json.
class RunNotesDialog final : public QDialog {
    Q_OBJECT
public:
    RunNotesDialog(const QString& runName, const QStringList& tags, const QString& note, QWidget* parent = nullptr);

    /// The tags as typed, split at commas, trimmed, without empty ones or repeats.
    QStringList tags() const;
    QString note() const;

private:
    QLineEdit* tags_;
    QPlainTextEdit* note_;
};

} // namespace flipbench::ui
