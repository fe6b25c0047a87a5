#pragma once

#include "ui/new_run/field_help.h"
#include "ui/new_run/reference_picker.h"
#include "ui/new_run/run_draft.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;

namespace flipbench::ui {

/// The fields of one run of the New Run form, in sections (Data, Model & method, Reference,
/// Training). It edits a RunDraft: every widget is bound to the JSON path it sets, so loading,
/// reading and marking fields are table-driven rather than forty hand-written getters.
class RunForm : public QWidget {
    Q_OBJECT
public:
    /// `devices`: the device combo's items (deviceChoices()).
    explicit RunForm(const QList<Choice>& devices, QWidget* parent = nullptr);

    void setDraft(const RunDraft& draft);
    RunDraft draft() const;

    void setReferenceCandidates(const QList<ReferenceCandidate>& candidates);
    /// Marks the fields named by `problems` (red border, the reason in the tooltip), clears the rest.
    void setProblems(const QList<FieldProblem>& problems);
    void setDataSummary(const QString& text, bool ok);
    /// While a model import or demo data is being written: no second one.
    void setBusy(bool busy);

    /// The widget editing `path` (or the field nearest to it), for marking and focusing.
    QWidget* widgetFor(const QString& path) const;

Q_SIGNALS:
    /// Any field changed by the user (not by setDraft).
    void edited();
    void demoDataRequested();
    void importReferenceRequested();

private:
    void bind(const QString& path, QWidget* widget);
    void addRow(QFormLayout* form, const QString& path, const QString& label, QWidget* row);
    QWidget* numberEdit(const QString& path, const char* objectName);
    QWidget* spin(const QString& path, const char* objectName, int min, int max, const QString& special = {});
    QWidget* combo(const QString& path, const char* objectName, const QList<Choice>& choices);
    QWidget* check(const QString& path, const char* objectName, const QString& text);
    QWidget* pair(QWidget* first, QWidget* second);
    void buildDataSection(QFormLayout* form);
    void buildMethodSection(QFormLayout* form);
    void buildReferenceSection(QFormLayout* form);
    void buildTrainingSection(QFormLayout* form, const QList<Choice>& devices);
    void onFieldChanged();
    void updateRelevance();

    QHash<QString, QWidget*> fields_;                    ///< JSON path -> editing widget
    QHash<QString, QPair<QFormLayout*, QWidget*>> rows_; ///< JSON path -> its form row
    RunDraft hidden_;                                    ///< values without a widget (train.log_every)
    ReferencePicker* references_ = nullptr;
    QFormLayout* methodForm_ = nullptr;
    QWidget* fdGroup_ = nullptr;
    QWidget* ldiGroup_ = nullptr;
    QLabel* dataSummary_ = nullptr;
    QPushButton* demoButton_ = nullptr;
    bool loading_ = false;
};

} // namespace flipbench::ui
