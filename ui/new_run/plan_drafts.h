#pragma once

#include "ui/new_run/run_checks.h"
#include "ui/new_run/run_draft.h"

#include <QList>

namespace flipbench::ui {

/// The runs of the New Run form's plan as drafts with their checks: which one is being edited,
/// adding a copy, removing one, and an edit carried to the runs that must agree with it. No
/// widgets: the form shows what this holds.
class PlanDrafts {
public:
    struct Run {
        int id = 0; ///< stable while runs are added and removed: background results find their run
        RunDraft draft;
        RunCheck check;
    };

    /// These drafts, the first being edited; each gets a new id.
    void reset(const QList<RunDraft>& drafts);

    int size() const { return int(runs_.size()); }
    bool isEmpty() const { return runs_.isEmpty(); }
    const Run& at(int row) const { return runs_[row]; }
    Run& at(int row) { return runs_[row]; }
    QList<Run>::iterator begin() { return runs_.begin(); }
    QList<Run>::iterator end() { return runs_.end(); }
    QList<Run>::const_iterator begin() const { return runs_.begin(); }
    QList<Run>::const_iterator end() const { return runs_.end(); }

    int current() const { return current_; }
    /// False (nothing changes) for a row out of range or the current one.
    bool setCurrent(int row);
    Run& currentRun() { return runs_[current_]; }
    const Run& currentRun() const { return runs_[current_]; }
    /// The row of the run with `id`; -1 once it was removed.
    int rowOf(int id) const;
    QList<RunDraft> drafts() const;

    /// The run being edited becomes `draft`. The other runs that had its data folder or test limit
    /// follow it (a run and its reference need the same test images), and later runs that named it
    /// as their reference follow a rename.
    void editCurrent(const RunDraft& draft);
    /// A copy of the run being edited, named apart ("fd-2"), after it; the copy is edited next.
    void addCopyOfCurrent();
    /// Removes the run being edited; false when it is the only one.
    bool removeCurrent();
    /// Checks every run against the plan and the workspace.
    void check(const PlanContext& context);

private:
    QList<Run> runs_;
    int current_ = 0;
    int nextId_ = 1;
};

} // namespace flipbench::ui
