#pragma once

// The flip computations on tensors. The report they fill is a plain struct of its own header
// (flip_report.h), so front ends that only show it need no LibTorch header.

#include "flipbench/metrics/flip_report.h"

#include <nlohmann/json_fwd.hpp>
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace flipbench {

/// `logitsA`, `logitsB`: N x C; `labels`: N (int64). Throws UserError on mismatched shapes.
FlipReport compareLogits(const torch::Tensor& logitsA, const torch::Tensor& logitsB, const torch::Tensor& labels);

/// Same from predicted classes only (no probabilities: pTrue fields are left at 0).
FlipReport comparePredictions(const torch::Tensor& predA, const torch::Tensor& predB, const torch::Tensor& labels,
                              int64_t numClasses);

/// N x N matrix: entry [i][j] is NFR with model i as old and model j as new (diagonal 0).
std::vector<std::vector<double>> pairwiseNfr(const std::vector<torch::Tensor>& logits, const torch::Tensor& labels);

/// The same from predicted classes (int64 N each), for prediction files without logits.
std::vector<std::vector<double>> pairwiseNfrFromPredictions(const std::vector<torch::Tensor>& predictions,
                                                            const torch::Tensor& labels);

/// An ensemble of models as one model: the mean of their logits (ELODI's reference).
torch::Tensor ensembleLogits(const std::vector<torch::Tensor>& logits);

nlohmann::json toJson(const FlipReport& report, bool includeSamples);

} // namespace flipbench
