#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flipbench {

/// Which samples Focal Distillation focuses on: w_i = base + scale * [condition_i], except
/// `all_pass`, which weighs every sample 1 (plain distillation).
enum class FocusFilter { AllPass, OldCorrect, NegativeFlip, NewIncorrect };

/// How FD's focus weights meet the per-sample divergence.
enum class FocusWeighting {
    /// (1/N) sum_i w_i D_i: each sample's own weight, as the FD paper (Yan et al., CVPR 2021) defines it.
    PerSample,
    /// mean(w) * mean(D): what the reference implementation computes in its KL mode, where
    /// `(sample_loss * loss_weights).mean()` broadcasts shapes (N,) and (N,1) to N x N
    /// (ConstrainedUpgrade/losses.py:396, 410-412, 438). The weights then act per batch.
    BatchMean,
};

struct FocalDistillationOptions {
    std::string divergence =
        "kl"; ///< "kl": T^2 KL(p_old || p_new) summed over classes; "l2": mean squared logit difference
    double temperature = 1;
    FocusFilter filter = FocusFilter::OldCorrect;
    double filterBase = 1;
    double filterScale = 5;
    FocusWeighting weighting = FocusWeighting::PerSample;
};

/// LDI's per-sample value is the mean over all C class columns, an excluded column counting as zero,
/// as the reference computes it (ConstrainedUpgrade/losses.py:147, 154).
struct LogitDifferenceOptions {
    double p = 2;
    double margin = 0.5;
    /// Zero the true class's column. On by default: the reference cannot turn it off (train.py:329,
    /// `default=True` with `store_true`).
    bool excludeGroundTruth = true;
    int64_t topK = 0;      ///< only the k largest old logits (0 = all classes)
    bool oneSided = false; ///< penalise only z_new - z_old > margin (the reference's --li_one_sided)
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
FocusWeighting focusWeightingFromString(const std::string& name); ///< "per_sample", "batch_mean"; throws ConfigError
std::string toString(FocusWeighting weighting);

} // namespace flipbench
