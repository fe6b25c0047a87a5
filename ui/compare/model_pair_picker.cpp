#include "ui/compare/model_pair_picker.h"

#include "ui/compare/ensemble_dialog.h"
#include "ui/compare/model_source.h"
#include "ui/runs/run_row.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>

namespace flipbench::ui {

namespace {

constexpr int kKindRole = Qt::UserRole + 1;
const QString kBrowse = QStringLiteral("browse");
const QString kEnsemble = QStringLiteral("ensemble");

} // namespace

ModelPairPicker::ModelPairPicker(QWidget* parent)
    : QWidget(parent), comboA_(new QComboBox(this)), comboB_(new QComboBox(this))
{
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    comboA_->setObjectName(QStringLiteral("modelACombo"));
    comboB_->setObjectName(QStringLiteral("modelBCombo"));
    for (QComboBox* combo : {comboA_, comboB_}) {
        combo->setMinimumContentsLength(18);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        connect(combo, &QComboBox::activated, this, [this, combo](int index) { onComboActivated(combo, index); });
    }
    auto* swapButton = new QPushButton(tr("⇄ Swap"), this);
    swapButton->setObjectName(QStringLiteral("swapButton"));
    swapButton->setToolTip(tr("Exchange the old and the new model and compare again."));
    connect(swapButton, &QPushButton::clicked, this, [this] {
        if (swap())
            Q_EMIT pairChosen();
    });
    row->addWidget(new QLabel(tr("Old (A):"), this));
    row->addWidget(comboA_, 1);
    row->addWidget(swapButton);
    row->addWidget(new QLabel(tr("New (B):"), this));
    row->addWidget(comboB_, 1);
    fillCombo(comboA_, {});
    fillCombo(comboB_, {});
}

void ModelPairPicker::refresh()
{
    fillCombo(comboA_, pathA());
    fillCombo(comboB_, pathB());
}

QString ModelPairPicker::pathA() const
{
    return comboA_->currentData().toString();
}

QString ModelPairPicker::pathB() const
{
    return comboB_->currentData().toString();
}

void ModelPairPicker::setPair(const QString& pathA, const QString& pathB)
{
    selectPath(comboA_, pathA);
    selectPath(comboB_, pathB);
}

bool ModelPairPicker::swap()
{
    const QString a = pathA(), b = pathB();
    if (a.isEmpty() && b.isEmpty())
        return false;
    setPair(b, a);
    return true;
}

void ModelPairPicker::fillCombo(QComboBox* combo, const QString& keep)
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

void ModelPairPicker::selectPath(QComboBox* combo, const QString& path)
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
    (combo == comboA_ ? chosenA_ : chosenB_) = combo->currentData().toString();
}

void ModelPairPicker::onComboActivated(QComboBox* combo, int index)
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
            (combo == comboA_ ? chosenA_ : chosenB_).clear(); // what the combo shows now
            return;
        }
        selectPath(combo, file);
    }
    (combo == comboA_ ? chosenA_ : chosenB_) = combo->currentData().toString();
    Q_EMIT pairChosen();
}

void ModelPairPicker::chooseEnsemble(QComboBox* combo)
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
    const QString previous = combo == comboA_ ? chosenA_ : chosenB_;
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
        Q_EMIT pairChosen();
    });
    dialog->open();
}

} // namespace flipbench::ui
