#pragma once

// One test sample as the old model A and the new model B see it: the row of the GUI's flip
// gallery and of `flipbench-cli compare --samples`. Plain values, no LibTorch header.

namespace flipbench {

/// Where a sample falls in the 2x2 flip table.
enum class FlipOutcome { BothCorrect, NegativeFlip, PositiveFlip, BothWrong };

/// "both_correct", "negative_flip", "positive_flip" or "both_wrong" (CSV and JSON spelling).
const char* toString(FlipOutcome outcome);

/// Confidences and p(true) are NaN when a side has no logits (a `.result` without "outputs").
struct SampleOutcome {
    int index = 0; ///< position in the test set
    int label = 0;
    int predA = 0, predB = 0;
    float confA = 0, confB = 0;   ///< softmax probability of the model's own prediction
    float pTrueA = 0, pTrueB = 0; ///< softmax probability of the true class

    bool aCorrect() const { return predA == label; }
    bool bCorrect() const { return predB == label; }
    FlipOutcome outcome() const
    {
        if (aCorrect())
            return bCorrect() ? FlipOutcome::BothCorrect : FlipOutcome::NegativeFlip;
        return bCorrect() ? FlipOutcome::PositiveFlip : FlipOutcome::BothWrong;
    }
};

} // namespace flipbench
