#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace flipbench::ui {

/// A run that can serve as a reference: a completed run of the workspace (named by its folder)
/// or an earlier run of the same plan (named by its config name).
struct ReferenceCandidate {
    QString reference; ///< what goes into method.reference
    QString label;
    QString toolTip;
};

/// The reference field of the New Run form: a checkable list of candidate runs (checking several
/// makes an ensemble) and an "Import model file…" button. References in the selection that are not
/// candidates (a run of another workspace, a name the notebook gave) stay listed, checked, so the
/// user sees them and the validation can say what is wrong with them.
class ReferencePicker : public QWidget {
    Q_OBJECT
public:
    explicit ReferencePicker(QWidget* parent = nullptr);

    void setCandidates(const QList<ReferenceCandidate>& candidates);
    void setSelection(const QStringList& references);
    QStringList selection() const { return selection_; }
    void setHint(const QString& text);
    void setImportEnabled(bool enabled);

Q_SIGNALS:
    void selectionChanged();
    void importRequested();

private:
    void rebuild();

    QList<ReferenceCandidate> candidates_;
    QStringList selection_;
    QListWidget* list_ = nullptr;
    QLabel* hint_ = nullptr;
    QPushButton* importButton_ = nullptr;
    bool rebuilding_ = false;
};

} // namespace flipbench::ui
