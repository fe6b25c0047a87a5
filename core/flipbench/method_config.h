#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// Which samples Focal Distillation focuses on: w_i = base + scale * [condition_i], except
/// `all_pass`, which weighs every sample 1 (plain distillation).
enum class FocusFilter { AllPass, OldCorrect, NegativeFlip, NewIncorrect };

struct FocalDistillationOptions {
    std::string divergence =
        "kl"; ///< "kl": T^2 KL(p_old || p_new) summed over classes; "l2": mean squared logit difference
    double temperature = 1;
    FocusFilter filter = FocusFilter::OldCorrect;
    double filterBase = 1;
    double filterScale = 5;
};

struct LogitDifferenceOptions {
    double p = 2;
    double margin = 0.5;
    bool excludeGroundTruth = false; ///< ignore the true class's logit
    int64_t topK = 0;                ///< only the k largest old logits (0 = all classes)
};

/// How the new model is trained: plain cross-entropy, or against reference (old) models.
struct MethodConfig {
    std::string name = "baseline";      ///< baseline, fd, ldi
    std::vector<std::string> reference; ///< run folders; several form an ensemble (mean logits, ELODI)
    std::optional<double> kdAlpha;      ///< see combineLosses
    double kdLossWeight = 1;
    bool initFromReference = false; ///< start from the (single) reference's weights
    FocalDistillationOptions fd;
    LogitDifferenceOptions ldi;

    bool usesReference() const { return name != "baseline"; }
};

FocusFilter focusFilterFromString(const std::string& name); ///< throws ConfigError
std::string toString(FocusFilter filter);

} // namespace flipbench
