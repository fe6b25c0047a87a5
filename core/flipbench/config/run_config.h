#pragma once

#include "flipbench/methods/method_config.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace flipbench {

struct DataConfig {
    std::string path;       ///< a cifar-10-batches-bin folder or the folder holding it
    int64_t trainLimit = 0; ///< first N training images (0 = all)
    int64_t testLimit = 0;  ///< first N test images (0 = all)
    int64_t valSize = 0;    ///< held out from the end of the training images
};

struct ModelConfig {
    std::string arch = "resnet18";
    /// The classifier layer's initial weights: "pytorch_default" (nn.Linear's own, weight and bias
    /// uniform in +-1/sqrt(fan_in), as torchvision and the reference leave it) or "kaiming_fan_out"
    /// (kaiming-normal fan_out, bias 0: the reference's --reinit_linear, train.py:643-647).
    std::string fcInit = "pytorch_default";
};

struct AugmentConfig {
    bool crop = false; ///< random 32x32 crop of the image padded by 4 (reflect)
    bool flip = false; ///< random horizontal flip
};

struct TrainConfig {
    int epochs = 30;
    int batchSize = 128;
    double lr = 0.1;
    double momentum = 0.9;
    double weightDecay = 1e-4;
    bool nesterov = false;
    uint64_t seed = 0;
    std::string device = "auto";     ///< auto, cpu, cuda, cuda:N
    std::string schedule = "cosine"; ///< cosine, constant, step
    double lrStep = 20;              ///< cosine: eta_min = lr * 0.1^(epochs/lr_step); step: period
    std::optional<double> etaMin;    ///< cosine floor; overrides the lr_step rule when set
    double stepGamma = 0.1;          ///< step schedule: factor every lr_step epochs
    double warmupEpochs = 0;         ///< linear warm-up from lr/steps to lr
    AugmentConfig augment;
    double labelSmoothing = 0;
    double gradClip = 0;             ///< max global gradient norm; 0 = off
    std::string selection = "final"; ///< final, best_val, best_test
    int threads = 0;                 ///< CPU intra-op threads; 0 = one per core
    std::string precision = "fp32";  ///< fp32, or bf16 (autocast, CUDA only)
    int logEvery = 10;               ///< steps between metrics.jsonl step records
};

struct RunConfig {
    std::string name = "run";
    DataConfig data;
    ModelConfig model;
    TrainConfig train;
    MethodConfig method;
};

/// Parses and validates a run config. Every field is typed and range-checked, unknown keys are
/// rejected, and errors are ConfigError whose message starts with the JSON path
/// ("train.lr: must be > 0, got -0.1"). Missing fields take the defaults above.
RunConfig parseRunConfig(const nlohmann::json& json);

/// The fully resolved config (every field, defaults included), as stored in config.json.
nlohmann::json toJson(const RunConfig& config);

/// The eta_min the cosine schedule ends at.
double cosineEtaMin(const TrainConfig& train);

} // namespace flipbench
