#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QListWidget;

namespace flipbench::ui {

/// Picks two or more completed runs to compare as one model (the mean of their logits).
class EnsembleDialog final : public QDialog {
    Q_OBJECT
public:
    /// `names` and `paths` are parallel lists of the runs offered.
    EnsembleDialog(const QStringList& names, const QStringList& paths, QWidget* parent = nullptr);
    /// The checked runs' paths.
    QStringList chosenPaths() const;
    QListWidget* list() const { return list_; }

private:
    void updateOk();

    QListWidget* list_;
    QDialogButtonBox* buttons_;
};

} // namespace flipbench::ui
