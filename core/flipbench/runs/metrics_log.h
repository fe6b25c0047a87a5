#pragma once

// metrics.jsonl, a run's training log: one JSON object a line, appended as training goes, each
// with a "type": "step", "epoch" or "warning". This is its only reader and writer. The types carry
// no LibTorch and no JSON, so the GUI reads them too.

#include "flipbench/util/progress_records.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// A "step" record: every train.log_every-th step and the last step of each epoch, and the step at
/// which training diverged. A field the line lacks, or holds as a non-number, reads as absent.
struct StepRecord {
    int epoch = 0;                         ///< 1-based; 0 when the line has none
    int64_t step = 0;                      ///< 1-based inside the epoch; 0 when the line has none
    std::optional<int64_t> globalStep;     ///< "global_step", 1-based over the run; absent on a diverged step
    std::optional<double> loss;            ///< total loss; null on a diverged step
    std::optional<double> crossEntropy;    ///< "ce"
    std::optional<double> distillation;    ///< "reg": the FD / LDI term (0 for a baseline)
    std::optional<double> lr;              ///< learning rate of the step
    std::optional<double> imagesPerSecond; ///< "img_s"; absent on a diverged step
    bool diverged = false;                 ///< the loss was not finite: training stopped here
};

/// An "epoch" record, one per epoch trained. Accuracies and rates are fractions in [0,1]; the flip
/// rates are against the run's reference and exist only for runs that have one.
struct EpochRecord {
    int epoch = 0;                                  ///< 1-based; 0 when the line has none
    std::optional<double> trainLoss, trainAccuracy; ///< "train_loss", "train_acc"
    std::optional<double> testLoss, testAccuracy;   ///< "test_loss", "test_acc"
    std::optional<double> seconds;                  ///< training time of the epoch
    std::optional<double> imagesPerSecond;          ///< "img_s"
    std::optional<double> valAccuracy;              ///< "val_acc", when the run holds out a validation split
    std::optional<double> testNfr, testPfr;         ///< "test_nfr", "test_pfr"
    std::optional<double> valNfr, valPfr;           ///< "val_nfr", "val_pfr"
};

/// A "warning" record: a note the trainer also reported while training (a loss term that dominates).
struct WarningRecord {
    int epoch = 0;
    int64_t step = 0;
    std::string message;
};

/// What metrics.jsonl holds, each kind in file order.
struct MetricsLog {
    std::vector<StepRecord> steps;
    std::vector<EpochRecord> epochs;
    std::vector<WarningRecord> warnings;
    int otherRecords = 0;    ///< objects of another (newer) type, or none: skipped, kept by truncateMetricsLog
    int unreadableLines = 0; ///< lines that are no JSON object: a torn last line (a crash mid-append), damage

    bool empty() const { return steps.empty() && epochs.empty() && warnings.empty() && otherRecords == 0; }
    /// The record of the last epoch logged, or null.
    const EpochRecord* lastEpoch() const { return epochs.empty() ? nullptr : &epochs.back(); }
};

/// The record of a logged step (StepProgress::logged).
StepRecord stepRecordOf(const StepProgress& progress);
/// The record of an epoch's report: all its numbers, the validation and flip ones when present.
EpochRecord epochRecordOf(const EpochReport& report);
/// The report of an epoch record: losses and accuracies the record lacks are NaN, its times 0, the
/// optional numbers stay absent; `epochs` is 0 (the record does not know it).
EpochReport epochReportOf(const EpochRecord& record);

/// A record as its line of metrics.jsonl, without the newline (keys in alphabetical order).
std::string metricsLine(const StepRecord& record);
std::string metricsLine(const EpochRecord& record);
std::string metricsLine(const WarningRecord& record);

/// Appends one record as a line and flushes it; throws UserError when the line cannot be written.
void appendMetricsRecord(const std::filesystem::path& file, const StepRecord& record);
void appendMetricsRecord(const std::filesystem::path& file, const EpochRecord& record);
void appendMetricsRecord(const std::filesystem::path& file, const WarningRecord& record);

/// Reads a metrics.jsonl. Never throws: a missing file is an empty log, a line that is no JSON
/// object is counted in unreadableLines (everything around it stays), a record of an unknown type
/// in otherRecords.
MetricsLog readMetricsLog(const std::filesystem::path& file);

/// Keeps only the records of epochs <= `epochsDone` (records without an epoch, of any type, stay);
/// unreadable lines go. The file is replaced atomically.
void truncateMetricsLog(const std::filesystem::path& file, int epochsDone);

} // namespace flipbench
