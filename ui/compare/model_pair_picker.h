#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;

namespace flipbench::ui {

/// The Compare page's choice of the old (A) and the new (B) model: two combos listing the
/// workspace's completed runs, then the models added through them (prediction files, folders
/// outside the workspace, ensembles: in both lists once added), then the entries that add one;
/// and a Swap button between them.
class ModelPairPicker final : public QWidget {
    Q_OBJECT
public:
    explicit ModelPairPicker(QWidget* parent = nullptr);

    /// The workspace whose completed runs refresh() lists.
    void setWorkspace(const QString& dir) { workspace_ = dir; }
    /// Reads the workspace's runs again (a run finished), keeping the models chosen.
    void refresh();
    /// The chosen models' paths (a run folder, a file or an ensemble key); empty when none.
    QString pathA() const;
    QString pathB() const;
    /// Shows these models as A and B, adding any the lists do not hold.
    void setPair(const QString& pathA, const QString& pathB);
    /// Exchanges A and B; false (nothing changes) when neither is chosen.
    bool swap();

Q_SIGNALS:
    /// The user chose a model for A or B, or swapped them: compare what is chosen.
    void pairChosen();

private:
    void fillCombo(QComboBox* combo, const QString& keep);
    void selectPath(QComboBox* combo, const QString& path);
    void onComboActivated(QComboBox* combo, int index);
    /// Opens the EnsembleDialog; an accepted choice becomes `combo`'s model.
    void chooseEnsemble(QComboBox* combo);

    QString workspace_;
    QStringList extraFiles_; ///< models added through the combos: files, outside folders, ensembles
    QComboBox* comboA_;
    QComboBox* comboB_;
    QString chosenA_, chosenB_; ///< what each combo showed before its "add" entry was picked
};

} // namespace flipbench::ui
