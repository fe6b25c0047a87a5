#pragma once

// The group table as a person or a script reads it: plain text (the CLI), Markdown (docs, reports),
// CSV and JSON. One rendering of each number for every front end.

#include "flipbench/statistics/group_table.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace flipbench {

/// "82.43% ± 0.31 (n 3), 95% CI 81.90–82.96%": mean ± sd in points, the seeds, the interval. A
/// single run: "82.43% (n 1), 95% CI ..." (the interval from resampling test samples).
std::string formatEstimate(const RateEstimate& estimate);
/// "82.43% ± 0.31" (the sd in points), "82.43%" for a single run: a rate of a group in one table
/// cell, where the count and the interval go to the column's tooltip.
std::string formatEstimateCompact(const RateEstimate& estimate);
/// "-1.05 points, 95% CI -1.60 to -0.50 (excludes 0)".
std::string formatDifference(const RateDifference& difference);

/// The table's cells as every tabular view shows them (Markdown, the GUI's Seeds tab, the report):
/// rates in percent as mean ± sd, intervals as low–high, differences as "+d [low, high]" with " *"
/// when the interval excludes 0, "-" where a row has no value.
struct GroupTableCells {
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows; ///< one per table row, as many cells as headers
};
GroupTableCells groupTableCells(const GroupTable& table);
/// "Noise floor (NFR between independently retrained baselines, 6 ordered pairs of seeds): ...".
std::string noiseFloorSentence(const GroupTable& table);
/// "Chosen for fd: fd kd_loss_weight=0.5 (lowest validation NFR ...)", one per family.
std::vector<std::string> choiceSentences(const GroupTable& table);

/// The table, the noise floor, the choices and the notes as text lines.
std::vector<std::string> describeGroupTable(const GroupTable& table);
std::string groupTableMarkdown(const GroupTable& table);
/// One line per group: label,method,family,n,seeds,acc_mean,acc_sd,acc_low,acc_high,nfr_...,
/// pfr_...,val_acc_mean,val_nfr_mean,d_nfr,d_nfr_low,d_nfr_high,d_nfr_excludes_0,rel_nfr,d_acc,...,chosen
std::string groupTableCsv(const GroupTable& table);
nlohmann::json groupTableJson(const GroupTable& table);

} // namespace flipbench
