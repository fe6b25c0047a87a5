#pragma once

// File → Export Report…: the runs to compare (the first checked one is the reference A), gallery
// size and order, page size, sections and the file; then a progress bar while the ReportBuilder
// works, and "Open PDF" / "Show in Folder" when it is done.

#include "ui/report/report_options.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace flipbench::ui {

class ReportBuilder;

class ReportDialog final : public QDialog {
    Q_OBJECT
public:
    /// `runs`: completed run folders of the workspace, oldest first; `checked` are ticked, in that
    /// order at the top of the list (e.g. the runs selected in the table, or the Compare pair).
    ReportDialog(const QString& workspace, const QStringList& runs, const QStringList& checked,
                 QWidget* parent = nullptr);

    /// The options as the form shows them now.
    ReportOptions options() const;
    ReportBuilder* builder() const { return builder_; }
    /// The message under the progress bar (the result or the error).
    QString statusText() const;

public Q_SLOTS:
    /// Validates the form and starts the builder; false with the reason shown when it cannot.
    bool startExport();

protected:
    void reject() override;

private:
    void onFinished(bool ok, const QString& message);
    void setBusy(bool busy);
    void chooseFile();
    QStringList checkedRuns() const;

    QString workspace_;
    QLineEdit* title_;
    QListWidget* runs_;
    QSpinBox* topK_;
    QComboBox* sort_;
    QComboBox* pageSize_;
    QList<QPair<ReportSection, QCheckBox*>> sections_;
    QLineEdit* output_;
    QPushButton* browse_;
    QProgressBar* progress_;
    QLabel* status_;
    QDialogButtonBox* buttons_;
    QPushButton* export_;
    QPushButton* openPdf_;
    QPushButton* showFolder_;
    ReportBuilder* builder_;
};

} // namespace flipbench::ui
