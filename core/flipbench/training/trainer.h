#pragma once

#include "flipbench/config/run_config.h"
#include "flipbench/runs/run_store.h"
#include "flipbench/util/cancel_token.h"
#include "flipbench/util/progress_sink.h"

#include <string>

namespace flipbench {

// Declared, not included: the data set's tensors (image_set.h) stay out of the headers of those
// that only start training or read its outcome (the GUI's queue and sweeps).
struct SplitDataset;

struct TrainOutcome {
    RunState state = RunState::Completed; ///< Completed, Failed or Cancelled
    std::string message;
    int epochsDone = 0;
};

/// Trains (or resumes, when the folder holds a checkpoint) the run in `run` on `data`, writing
/// metrics, checkpoints, weights, logits and status into the folder as it goes. Never throws for
/// a training failure: a non-finite loss, a cancel or an error ends up in the returned outcome
/// and in status.json.
TrainOutcome trainRun(const RunFolder& run, const RunConfig& config, const SplitDataset& data, ProgressSink& sink,
                      const CancelToken& cancel);

} // namespace flipbench
