#pragma once

// Accuracy against negative flip rate: every model compared with one reference (the old model),
// the trade-off a model update is judged by. A model is on the Pareto front when no other is at
// least as accurate with at most as many negative flips and better in one of the two.

#include "flipbench/compare/pairwise_comparison.h"

#include <vector>

namespace flipbench {

struct TradeoffPoint {
    int model = 0;        ///< index into the PairwiseComparison
    double accuracy = 0;  ///< fraction
    double nfr = 0;       ///< fraction, against the reference
    bool onFront = false; ///< on the Pareto front (higher accuracy, lower NFR)
};

struct Tradeoff {
    int reference = -1; ///< index of the reference model; -1 for an empty tradeoff
    double referenceAccuracy = 0;
    std::vector<TradeoffPoint> points; ///< every model but the reference, in the pairwise order
};

/// Indices of `points` on the Pareto front (maximise accuracy, minimise NFR), sorted by NFR, then
/// by accuracy. Only accuracy and nfr are read.
std::vector<int> paretoFront(const std::vector<TradeoffPoint>& points);

/// Row `reference` of `pairwise` as points with onFront set; an empty Tradeoff (reference -1) when
/// the index is out of range.
Tradeoff tradeoffAgainst(const PairwiseComparison& pairwise, int reference);

} // namespace flipbench
