#include "ui/compare/compare_view.h"

// The model combos of the Compare view: the workspace's completed runs, then added models
// (prediction files, folders outside the workspace, ensembles), then the entries that add one.

#include "ui/compare/ensemble_dialog.h"
#include "ui/compare/model_source.h"
#include "ui/runs/run_row.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QSignalBlocker>

namespace flipbench::ui {

namespace {

constexpr int kKindRole = Qt::UserRole + 1;
const QString kBrowse = QStringLiteral("browse");
const QString kEnsemble = QStringLiteral("ensemble");

} // namespace

void CompareView::fillCombo(QComboBox* combo, const QString& keep)
{
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(tr("(choose a model)"));
    if (!workspace_.isEmpty())
        for (const RunRow& row : readWorkspaceRows(workspace_))
            if (!row.dir.isEmpty() && row.state == flipbench::RunState::Completed)
                combo->addItem(row.name, row.dir);
    for (const QString& file : extraFiles_)
        combo->addItem(modelDisplayName(file), file);
    combo->addItem(tr("Ensemble of runs…"));
    combo->setItemData(combo->count() - 1, kEnsemble, kKindRole);
    combo->addItem(tr("Prediction file…"));
    combo->setItemData(combo->count() - 1, kBrowse, kKindRole);
    if (!keep.isEmpty())
        selectPath(combo, keep);
}

void CompareView::selectPath(QComboBox* combo, const QString& path)
{
    int index = combo->findData(path);
    if (index < 0) { // a folder outside the workspace or a file: listed like an added file
        if (!extraFiles_.contains(path))
            extraFiles_ << path;
        for (QComboBox* c : {comboA_, comboB_})
            if (c->findData(path) < 0) {
                const QSignalBlocker block(c);
                c->insertItem(c->count() - 2, modelDisplayName(path), path);
            }
        index = combo->findData(path);
    }
    const QSignalBlocker block(combo);
    combo->setCurrentIndex(index);
}

void CompareView::onComboActivated(QComboBox* combo, int index)
{
    if (combo->itemData(index, kKindRole).toString() == kEnsemble) {
        chooseEnsemble(combo);
        return;
    }
    if (combo->itemData(index, kKindRole).toString() == kBrowse) {
        const QString file = QFileDialog::getOpenFileName(this, tr("Prediction file"), workspace_,
                                                          tr("Prediction files (*.result);;All files (*)"));
        const QSignalBlocker block(combo);
        if (file.isEmpty()) {
            combo->setCurrentIndex(0);
            return;
        }
        selectPath(combo, file);
    }
    compareSelected();
}

void CompareView::chooseEnsemble(QComboBox* combo)
{
    QStringList names, paths;
    if (!workspace_.isEmpty())
        for (const RunRow& row : readWorkspaceRows(workspace_))
            if (!row.dir.isEmpty() && row.state == flipbench::RunState::Completed) {
                names << QStringLiteral("%1 (%2)").arg(row.name, row.method);
                paths << row.dir;
            }
    auto* dialog = new EnsembleDialog(names, paths, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString previous = combo == comboA_ ? comparisonPathA() : comparisonPathB();
    connect(dialog, &QDialog::finished, this, [this, combo, dialog, previous](int result) {
        if (result != QDialog::Accepted) { // back to what was shown, not the "Ensemble…" entry
            if (previous.isEmpty()) {
                const QSignalBlocker block(combo);
                combo->setCurrentIndex(0);
            } else {
                selectPath(combo, previous);
            }
            return;
        }
        selectPath(combo, ensembleKey(dialog->chosenPaths()));
        compareSelected();
    });
    dialog->open();
}

} // namespace flipbench::ui
