#pragma once

#include <flipbench/config/run_config.h>

#include <QString>

namespace flipbench::ui {

/// A unit of work for the training controller: train a new run from a config, or resume an
/// interrupted one. Jobs of one plan (a preset, or the runs of one New Run form) share `planId`;
/// a reference to a run folder that is queued or running waits for that run.
struct TrainingJob {
    enum class Kind { NewRun, Resume };

    int id = 0; ///< assigned by the controller
    Kind kind = Kind::NewRun;
    QString workspace;
    flipbench::RunConfig config; ///< NewRun
    QString runDir;              ///< Resume; NewRun: its queued folder, made when it is queued
    QString planId;
    QString displayName; ///< config name, or the folder name of a resumed run
    QString deviceKey;   ///< resolved device, e.g. "cpu" or "cuda:0": one training per device
};

} // namespace flipbench::ui
