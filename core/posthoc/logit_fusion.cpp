#include "flipbench/posthoc/logit_fusion.h"

#include "flipbench/posthoc/posthoc_run.h"
#include "flipbench/runs/plan_summary.h"

#include <torch/torch.h>

#include <cstdio>

namespace flipbench {

PosthocResult fuseLogits(const PosthocRequest& request)
{
    const PosthocInputs in = loadPosthocInputs(request, "logit fusion");
    auto fused = [](const RunPredictions& oldSide, const RunPredictions& newSide, double b) {
        return newSide.logits.mul(1 - b).add(oldSide.logits, b);
    };
    PosthocCurve curve;
    for (double b : request.grid)
        curve.points.push_back(measurePoint(b, fused(in.oldVal, in.newVal, b), fused(in.oldTest, in.newTest, b), in));
    chooseOnValidation(curve, request.tolerance, "b");

    const PosthocPoint& chosen = curve.points[curve.chosen];
    PosthocOutput output;
    output.kind = "logit_fusion";
    output.parameter = "b";
    output.inferenceModels = 2;
    output.testLogits = fused(in.oldTest, in.newTest, chosen.weight);
    output.valLogits = fused(in.oldVal, in.newVal, chosen.weight);
    char b[32];
    std::snprintf(b, sizeof b, "%g", chosen.weight);
    output.message = "Logit fusion of " + in.newName + " (new) with " + in.oldName + " (old) at b = " + b +
                     ", chosen on validation: test accuracy " + formatPercent(chosen.testAccuracy) + ", NFR " +
                     formatPercent(chosen.testNfr) + ". Cost: both models run at inference.";
    PosthocResult result;
    result.run = writePosthocRun(request, in, curve, output);
    result.curve = curve;
    return result;
}

} // namespace flipbench
