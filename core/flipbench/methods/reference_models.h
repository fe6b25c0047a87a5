#pragma once

#include "flipbench/models/classifier.h"
#include "flipbench/data/image_set.h"

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

/// One completed run used as an old model: where it is and what it needs to be rebuilt.
struct ReferenceRun {
    std::filesystem::path dir;
    std::string name;
    std::string arch;
    std::filesystem::path weights; ///< the weights its results came from (final.pt or best.pt)
    std::string fingerprint;       ///< of its test set
};

/// Finds a run named by a config (absolute, or relative to the workspace) and checks that it can
/// serve as a reference: completed, weights present, same test set. Throws ConfigError naming
/// `field` ("method.reference") otherwise.
ReferenceRun resolveReferenceRun(const std::string& nameOrPath, const std::filesystem::path& workspace,
                                 const std::string& testFingerprint, const std::string& field);

/// The old model a new run is trained against: one run, or an ensemble of runs whose logits are
/// averaged (ELODI). Models run in eval mode without autograd.
class ReferenceModels {
public:
    ReferenceModels() = default;
    ReferenceModels(const std::vector<ReferenceRun>& runs, int64_t numClasses, const torch::Device& device);

    bool empty() const { return models_.empty(); }
    /// Mean logits of the members for a batch of normalised images on the device.
    torch::Tensor logits(const torch::Tensor& normalizedImages);
    /// Mean logits for a whole set (float32, on the CPU).
    torch::Tensor logitsFor(const ImageSet& set, int64_t batchSize);
    const std::vector<ReferenceRun>& runs() const { return runs_; }

private:
    std::vector<ReferenceRun> runs_;
    std::vector<Classifier> models_;
    torch::Device device_{torch::kCPU};
};

} // namespace flipbench
