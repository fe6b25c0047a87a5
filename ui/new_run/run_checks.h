#pragma once

#include "ui/new_run/field_help.h"
#include "ui/new_run/run_draft.h"

#include <flipbench/config/run_config.h>
#include <flipbench/runs/run_summary.h>

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace flipbench::ui {

/// What the checks of a plan's runs need to know about the machine and the workspace; gathered
/// once per dialog (and again after an import), not on every keystroke.
struct PlanContext {
    QString workspace;
    std::vector<flipbench::RunSummary> workspaceRuns; ///< every run, whatever its state
    QStringList devices;                              ///< "cpu", "cuda:0", ... (availableDevices)
    QHash<QString, qint64> testSizes; ///< completed run folder -> test images it was evaluated on (-1 unknown)
};

/// The verdict on one run of a plan.
struct RunCheck {
    QList<FieldProblem> problems; ///< every problem found, the first one first; empty when valid
    QString dataSummary;          ///< "CIFAR-10: 50,000 train / 10,000 test images, 10 classes" or the reader's error
    bool dataOk = false;
    std::optional<flipbench::RunConfig> config; ///< parsed (even when a later check failed), data path absolute

    bool ok() const { return problems.isEmpty(); }
    QString firstMessage() const { return problems.isEmpty() ? QString() : problems.first().message; }
};

/// Checks run `index` of `plan` the way the trainer will see it: the core parser, then what the
/// parser cannot know: the data folder, unique names in the plan, references (completed runs of
/// the workspace or earlier runs of the plan), the device and bf16 on this machine.
RunCheck checkRun(const QList<RunDraft>& plan, int index, const PlanContext& context);

/// The workspace's runs (empty when the workspace cannot be listed) and this machine's devices.
PlanContext makePlanContext(const QString& workspace);

/// The device combo's items: auto, the CPU and every CUDA device (with its name when known).
QList<Choice> deviceChoices(const QStringList& devices);

/// `path` made absolute (relative to the working folder), with a leading ~ expanded.
QString absoluteDataPath(const QString& path);

} // namespace flipbench::ui
