#pragma once

// Post-hoc compatibility: methods that act on two trained models (old and new) instead of
// retraining, each with one mixing weight. The curve of that weight, with accuracy and NFR on the
// validation and test splits, and the weight chosen on validation. Plain values, no LibTorch.

#include <cstddef>
#include <string>
#include <vector>

namespace flipbench {

/// One weight of the grid: how the mixed model does against the old one.
struct PosthocPoint {
    double weight = 0; ///< 0 = the new model alone, 1 = the old model's side alone
    double valAccuracy = 0, valNfr = 0, valPfr = 0;
    double testAccuracy = 0, testNfr = 0, testPfr = 0;
};

struct PosthocCurve {
    std::vector<PosthocPoint> points; ///< in grid order, ascending
    size_t chosen = 0;
    std::string reason; ///< "lowest validation NFR (3.90%) among 7 weights within 1 point of ..."
};

/// "0:1:0.1" (start:stop:step, stop included) or "0,0.25,0.5". Every weight lies in [0, 1]; 0 is
/// added when missing (the new model alone, the accuracy the choice is held to); sorted, unique.
/// Throws UserError naming `option` for anything else or more than 201 weights.
std::vector<double> parseWeightGrid(const std::string& text, const std::string& option = "--grid");

/// 0, 0.1, ..., 1.
std::vector<double> defaultWeightGrid();

/// Chooses on the validation split, never on test: the lowest validation NFR among the weights
/// whose validation accuracy is at most `tolerance` (a fraction: 0.01 = 1 point) below the new
/// model's (weight 0); ties go to the smaller weight, the one closer to the new model. Sets
/// curve.chosen and curve.reason. `parameter` names the weight in the reason ("a", "b").
void chooseOnValidation(PosthocCurve& curve, double tolerance, const std::string& parameter);

} // namespace flipbench
