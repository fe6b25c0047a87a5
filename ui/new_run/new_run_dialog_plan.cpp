// The New Run dialog's plan: its runs, switching between them, and validating every run as it is edited.

#include "ui/new_run/new_run_dialog.h"
#include "ui/widgets/number_format.h"
#include "ui/new_run/run_form.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>

namespace flipbench::ui {

namespace {

/// Fields that must agree between a run and its reference (same test images): an edit in one run
/// of a plan is carried to the runs that had the same value.
const QStringList kSharedFields = {"data.path", "data.test_limit"};

QString runLabel(int row, const RunDraft& draft)
{
    return NewRunDialog::tr("%1. %2  (%3, %4)")
        .arg(row + 1)
        .arg(draftName(draft), draftMethod(draft), draft.value("model.arch").toString());
}

} // namespace

void NewRunDialog::setPlan(const QList<RunDraft>& drafts)
{
    plan_.clear();
    for (const RunDraft& draft : drafts)
        plan_.append({nextId_++, draft, {}});
    current_ = 0;
    notesLabel_->hide();
    rebuildPlanList();
    showCurrentRun();
}

void NewRunDialog::rebuildPlanList()
{
    const QSignalBlocker blocker(planList_);
    planList_->clear();
    for (int row = 0; row < plan_.size(); ++row)
        new QListWidgetItem(planList_);
    planList_->setCurrentRow(current_);
}

void NewRunDialog::selectRun(int row)
{
    if (row < 0 || row >= plan_.size() || row == current_)
        return;
    current_ = row;
    showCurrentRun();
}

void NewRunDialog::showCurrentRun()
{
    QList<ReferenceCandidate> candidates;
    for (int i = 0; i < current_; ++i) {
        const QString name = draftName(plan_[i].draft);
        candidates.append(
            {name, tr("%1 (this plan)").arg(name), tr("Run %1 of this plan, trained before this one.").arg(i + 1)});
    }
    for (const auto& run : context_.workspaceRuns) {
        if (run.status.state != RunState::Completed)
            continue;
        QString label = QString::fromStdString(run.name) + " (" + QString::fromStdString(run.arch);
        if (run.testAccuracy)
            label += tr(", %1 test accuracy").arg(formatPercent(*run.testAccuracy));
        candidates.append(
            {QString::fromStdString(run.dir.string()), label + ")", QString::fromStdString(run.dir.string())});
    }
    form_->setReferenceCandidates(candidates);
    form_->setDraft(plan_[current_].draft);
    removeRunButton_->setEnabled(plan_.size() > 1);
    revalidate();
}

void NewRunDialog::onFormEdited()
{
    const RunDraft draft = form_->draft();
    const RunDraft before = plan_[current_].draft;
    plan_[current_].draft = draft;
    for (int i = 0; i < plan_.size(); ++i) {
        if (i == current_)
            continue;
        RunDraft& other = plan_[i].draft;
        for (const QString& key : kSharedFields)
            if (other.value(key) == before.value(key))
                other[key] = draft.value(key);
        // A renamed run stays the reference of the later runs that named it.
        const QString oldName = draftName(before), newName = draftName(draft);
        if (i > current_ && oldName != newName) {
            QStringList references = draftReferences(other);
            for (QString& reference : references)
                if (reference == oldName)
                    reference = newName;
            other["method.reference"] = references;
        }
    }
    revalidate();
}

void NewRunDialog::revalidate()
{
    QList<RunDraft> drafts;
    for (const PlanRun& run : plan_)
        drafts << run.draft;
    for (int i = 0; i < plan_.size(); ++i)
        plan_[i].check = checkRun(drafts, i, context_);
    for (int row = 0; row < planList_->count() && row < plan_.size(); ++row) {
        QListWidgetItem* item = planList_->item(row);
        const RunCheck& check = plan_[row].check;
        item->setText(runLabel(row, plan_[row].draft));
        item->setIcon(check.ok() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setToolTip(item->text() + "\n" + (check.ok() ? tr("Ready") : check.firstMessage()));
    }
    if (plan_.isEmpty())
        return;
    const RunCheck& current = plan_[current_].check;
    form_->setProblems(current.problems);
    form_->setDataSummary(current.dataSummary, current.dataOk);
    // The run being edited speaks first; otherwise the first run of the plan that is wrong.
    errorLabel_->setText(current.ok() ? firstError()
                                      : (plan_.size() > 1 ? tr("Run %1: ").arg(current_ + 1) : QString()) +
                                            current.firstMessage());
    const bool ready = isValid() && busyTasks_ == 0;
    startButton_->setEnabled(ready);
    queueButton_->setEnabled(ready);
}

void NewRunDialog::addRun()
{
    RunDraft copy = plan_[current_].draft;
    QStringList names;
    for (const PlanRun& run : plan_)
        names << draftName(run.draft);
    const QString base = draftName(copy);
    int n = 2;
    while (names.contains(QString("%1-%2").arg(base).arg(n)))
        ++n;
    copy["name"] = QString("%1-%2").arg(base).arg(n);
    plan_.insert(current_ + 1, {nextId_++, copy, {}});
    ++current_;
    rebuildPlanList();
    showCurrentRun();
}

void NewRunDialog::removeRun()
{
    if (plan_.size() <= 1)
        return;
    plan_.removeAt(current_);
    current_ = qMin(current_, int(plan_.size()) - 1);
    rebuildPlanList();
    showCurrentRun();
}

int NewRunDialog::rowOf(int runId) const
{
    for (int row = 0; row < plan_.size(); ++row)
        if (plan_[row].id == runId)
            return row;
    return -1;
}

} // namespace flipbench::ui
