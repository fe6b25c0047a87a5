#include "flipbench/compare/sample_outcome.h"

namespace flipbench {

const char* toString(FlipOutcome outcome)
{
    switch (outcome) {
    case FlipOutcome::BothCorrect:
        return "both_correct";
    case FlipOutcome::NegativeFlip:
        return "negative_flip";
    case FlipOutcome::PositiveFlip:
        return "positive_flip";
    case FlipOutcome::BothWrong:
        return "both_wrong";
    }
    return "both_wrong";
}

} // namespace flipbench
