#include "ui/new_run/plan_drafts.h"

#include <QStringList>

namespace flipbench::ui {

namespace {

/// Fields that must agree between a run and its reference (same test images): an edit in one run
/// of a plan is carried to the runs that had the same value.
const QStringList kSharedFields = {"data.path", "data.test_limit"};

} // namespace

void PlanDrafts::reset(const QList<RunDraft>& drafts)
{
    runs_.clear();
    for (const RunDraft& draft : drafts)
        runs_.append({nextId_++, draft, {}});
    current_ = 0;
}

bool PlanDrafts::setCurrent(int row)
{
    if (row < 0 || row >= runs_.size() || row == current_)
        return false;
    current_ = row;
    return true;
}

int PlanDrafts::rowOf(int id) const
{
    for (int row = 0; row < runs_.size(); ++row)
        if (runs_[row].id == id)
            return row;
    return -1;
}

QList<RunDraft> PlanDrafts::drafts() const
{
    QList<RunDraft> drafts;
    for (const Run& run : runs_)
        drafts << run.draft;
    return drafts;
}

void PlanDrafts::editCurrent(const RunDraft& draft)
{
    const RunDraft before = runs_[current_].draft;
    runs_[current_].draft = draft;
    const QString oldName = draftName(before), newName = draftName(draft);
    for (int i = 0; i < runs_.size(); ++i) {
        if (i == current_)
            continue;
        RunDraft& other = runs_[i].draft;
        for (const QString& key : kSharedFields)
            if (other.value(key) == before.value(key))
                other[key] = draft.value(key);
        // A renamed run stays the reference of the later runs that named it.
        if (i > current_ && oldName != newName) {
            QStringList references = draftReferences(other);
            for (QString& reference : references)
                if (reference == oldName)
                    reference = newName;
            other["method.reference"] = references;
        }
    }
}

void PlanDrafts::addCopyOfCurrent()
{
    RunDraft copy = runs_[current_].draft;
    QStringList names;
    for (const Run& run : runs_)
        names << draftName(run.draft);
    const QString base = draftName(copy);
    int n = 2;
    while (names.contains(QStringLiteral("%1-%2").arg(base).arg(n)))
        ++n;
    copy["name"] = QStringLiteral("%1-%2").arg(base).arg(n);
    runs_.insert(current_ + 1, {nextId_++, copy, {}});
    ++current_;
}

bool PlanDrafts::removeCurrent()
{
    if (runs_.size() <= 1)
        return false;
    runs_.removeAt(current_);
    current_ = qMin(current_, int(runs_.size()) - 1);
    return true;
}

void PlanDrafts::check(const PlanContext& context)
{
    const QList<RunDraft> all = drafts();
    for (int i = 0; i < runs_.size(); ++i)
        runs_[i].check = checkRun(all, i, context);
}

} // namespace flipbench::ui
