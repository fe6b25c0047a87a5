#include "flipbench/config/train_py_arguments.h"

namespace flipbench {

namespace {

using J = nlohmann::json;

TrainPyArgument mapped(std::vector<std::string> names, J defaultValue)
{
    return {std::move(names), TrainPyUse::Mapped, std::move(defaultValue), {}};
}

TrainPyArgument ignored(std::vector<std::string> names, J defaultValue, std::string reason)
{
    return {std::move(names), TrainPyUse::Ignored, std::move(defaultValue), std::move(reason)};
}

TrainPyArgument defaultOnly(std::vector<std::string> names, J defaultValue, std::string reason)
{
    return {std::move(names), TrainPyUse::DefaultOnly, std::move(defaultValue), std::move(reason)};
}

const char* const kOneDevice = "Flipbench trains each run in one process on one device; choose it with train.device";
const char* const kUnusedMode = "only used by kd_loss_mode cna, renyi, rce, rp, fa or li+cna, which Flipbench does "
                                "not implement";

} // namespace

const std::vector<TrainPyArgument>& trainPyArguments()
{
    // In the order of ConstrainedUpgrade/train.py's parser (lines 72-433). store_true flags default
    // to false; their `default=None` in the source reads as false too.
    static const std::vector<TrainPyArgument> arguments = {
        ignored({"data", "d"}, "~/resource/imagenet/", "the data folder is Flipbench's --data (or the form's)"),
        defaultOnly({"train_img_txt"}, nullptr, "image lists are not read; use an image folder (ROOT/train/<class>)"),
        defaultOnly({"val_img_txt"}, nullptr, "image lists are not read; use an image folder (ROOT/test/<class>)"),
        ignored({"work_dir", "w"}, "./", "runs are written into the Flipbench workspace"),
        mapped({"arch", "a"}, "resnet18"),
        defaultOnly({"model_kwargs"}, nullptr, "extra model arguments are not supported"),
        ignored({"workers", "j"}, 4, "there are no data-loader workers: the data is held in memory"),
        mapped({"epochs"}, 90),
        defaultOnly({"start-epoch"}, 0, "to continue a run, use flipbench-cli resume RUN_DIR"),
        mapped({"batch-size", "b"}, 256),
        mapped({"lr", "learning-rate"}, 0.1),
        mapped({"lr_step"}, 30),
        ignored({"cosine_annealing"}, false,
                "train.py turns cosine annealing on for CIFAR itself (train.py:504-505); Flipbench does the same"),
        ignored({"epochs_per_save"}, -1, "Flipbench checkpoints every epoch"),
        mapped({"momentum"}, 0.9),
        mapped({"wd", "weight-decay"}, 1e-4),
        defaultOnly({"dropout"}, 0.0, "Flipbench's models have no dropout layer"),
        defaultOnly({"feat_dim"}, 0, "Flipbench's models have no embedding layer before fc"),
        ignored({"print-freq", "p"}, 10, "progress is shown live, every step"),
        defaultOnly({"resume"}, "", "to continue a run, use flipbench-cli resume RUN_DIR"),
        ignored({"retrain"}, false, "only used with resume"),
        defaultOnly({"evaluate", "e"}, false,
                    "to evaluate a model, import it (flipbench-cli import-model) and compare it"),
        ignored({"evaluate_aux"}, nullptr, "only used with evaluate"),
        ignored({"evaluate_results_name"}, "evaluate.result", "only used with evaluate"),
        ignored({"evaluate_dataset"}, "val", "only used with evaluate"),
        defaultOnly({"use-ten-crop-val"}, false, "ten-crop evaluation is for ImageNet-sized images, not CIFAR"),
        defaultOnly({"pretrained"}, false,
                    "pretrained weights cannot be downloaded here; start from a run with method.init_from_reference"),
        ignored({"pretrained_model_path"}, nullptr, "only used with pretrained"),
        ignored({"world-size"}, -1, kOneDevice),
        ignored({"rank"}, -1, kOneDevice),
        ignored({"dist-url"}, "tcp://224.66.41.62:23456", kOneDevice),
        ignored({"dist-backend"}, "nccl", kOneDevice),
        mapped({"seed"}, nullptr),
        ignored({"data_seed"}, nullptr, "Flipbench derives every epoch's shuffle from seed (resume stays exact)"),
        ignored({"sampler_seed"}, nullptr, "only used by distributed training"),
        ignored({"gpu"}, nullptr, kOneDevice),
        ignored({"multiprocessing-distributed"}, false, kOneDevice),
        defaultOnly({"bct_loss_weight"}, 0, "backward-compatible representation learning (BCT) is not implemented"),
        ignored({"bct_single_fc"}, false, "only used with bct_loss_weight > 0"),
        ignored({"bct_old_model"}, nullptr, "only used with bct_loss_weight > 0"),
        ignored({"bct_eval_alpha"}, 0, "only used with bct_loss_weight > 0"),
        defaultOnly({"fc_chain"}, false, "chained ensembles of different architectures are not supported"),
        mapped({"kd_model_arch"}, nullptr),
        mapped({"kd_model_path"}, nullptr),
        mapped({"kd_model_path_weight"}, nullptr),
        defaultOnly({"kd_model_output"}, nullptr,
                    "precomputed old-model outputs are not read; name the old model's file or run in kd_model_path"),
        mapped({"kd_loss_weight"}, 0),
        mapped({"kd_temperature"}, 5),
        ignored({"cna_temperature"}, 0.05, kUnusedMode),
        mapped({"kd_filter"}, "all_pass"),
        defaultOnly({"kd_likelihood_source"}, nullptr, "per-sample likelihood files are not read"),
        mapped({"kd_model_num_classes"}, 1000),
        defaultOnly({"ce_likelihood_source"}, nullptr, "per-sample likelihood files are not read"),
        ignored({"ce-weight-base"}, 1.0, "only used with ce_likelihood_source"),
        ignored({"ce-weight-scale"}, 1.0, "only used with ce_likelihood_source"),
        ignored({"kd-weight-base"}, 1.0, "only used with kd_likelihood_source"),
        ignored({"kd-weight-scale"}, 1, "only used with kd_likelihood_source"),
        ignored({"renyi_alpha"}, 2, kUnusedMode),
        ignored({"renyi_reorder"}, false, kUnusedMode),
        mapped({"li_p"}, 2),
        mapped({"li_margin"}, 1.0),
        mapped({"li_one_sided"}, false),
        mapped({"li_compute_topk"}, -1),
        mapped({"li_exclude_gt"}, true),
        defaultOnly({"li_enhance_gt"}, false,
                    "losses.py:105 asserts it is not combined with li_exclude_gt, which train.py always sets "
                    "(train.py:329), so the reference stops on it"),
        ignored({"li_enhance_gt_weight"}, 0, "only used with li_enhance_gt"),
        defaultOnly({"li_margin_relative"}, false,
                    "a margin relative to the old model's largest logit is not implemented"),
        defaultOnly({"li_use_p_norm"}, false, "LDI as a p-norm instead of a mean of p-th powers is not implemented"),
        ignored({"rce_two_heads"}, false, kUnusedMode),
        ignored({"rp_dim_in_old"}, 512, kUnusedMode),
        ignored({"rp_dim_in_new"}, 512, kUnusedMode),
        ignored({"rp_dim_out"}, 128, kUnusedMode),
        ignored({"rp_use_bias"}, false, kUnusedMode),
        ignored({"rp_project_normalize"}, false, kUnusedMode),
        ignored({"rp_project_share"}, false, kUnusedMode),
        ignored({"rp_project_new_frozen"}, false, kUnusedMode),
        ignored({"fa_margin"}, 3.0, kUnusedMode),
        ignored({"fa_contrastive"}, false, kUnusedMode),
        mapped({"kd_loss_mode"}, "kl"),
        ignored({"li_cna_alpha"}, 1.0, kUnusedMode),
        mapped({"kd_alpha"}, nullptr),
        defaultOnly({"use_l2norm_fc"}, false, "a cosine (L2-normalised) classifier layer is not implemented"),
        ignored({"l2norm_fc_t"}, 0.01, "only used with use_l2norm_fc"),
        defaultOnly({"use_mimo"}, false, "multi-input multi-output (MIMO) models are not implemented"),
        defaultOnly({"mimo_m"}, 1, "multi-input multi-output (MIMO) models are not implemented"),
        ignored({"mimo_rho"}, 0.6, "only used with mimo_m > 1"),
        defaultOnly({"densenet-save-memory"}, false, "Flipbench has no DenseNet"),
        defaultOnly({"save_features"}, false, "features are not saved; logits.npy holds every test logit"),
        mapped({"filter-base"}, 0.0),
        mapped({"filter-scale"}, 1.0),
        defaultOnly({"auto-scale"}, false, "batch size and learning rate are not scaled by the number of GPUs"),
        ignored({"no-lr-scale"}, false, "only used with auto-scale"),
        ignored({"auto-shotdown"}, false, "the machine is not shut down after training"),
        ignored({"save-init-checkpoint"}, false, "the initial weights are not saved separately"),
        mapped({"label_smoothing"}, 0),
        defaultOnly({"use_bceloss"}, false, "binary cross-entropy training is not implemented"),
        defaultOnly({"train_linear_only"}, false, "training only the classifier layer is not implemented"),
        mapped({"reinit_linear"}, false),
        ignored({"use_cifar"}, true,
                "the data folder decides the data; note that train.py reads it with type=bool, so any non-empty "
                "value, \"False\" included, means True"),
        ignored({"load_from_s3"}, true, "nothing is read from S3: kd_model_path names a local file or a run"),
        ignored({"bucket_name"}, nullptr, "nothing is written to S3: results stay in the workspace"),
        mapped({"desc"}, nullptr),
    };
    return arguments;
}

const TrainPyArgument* findTrainPyArgument(const std::string& key)
{
    for (const auto& argument : trainPyArguments())
        for (const auto& name : argument.names)
            if (name == key)
                return &argument;
    return nullptr;
}

bool isTrainPyDefault(const TrainPyArgument& argument, const nlohmann::json& value)
{
    const J& d = argument.defaultValue;
    if (value.is_null())
        return true; // absent or None: train.py takes its default
    if (value.is_boolean() && d.is_boolean())
        return value == d;
    if (value.is_boolean() && d.is_null())
        return !value.get<bool>();
    if (value.is_number() && d.is_number())
        return value.get<double>() == d.get<double>();
    if (value.is_string() && d.is_string())
        return value == d;
    return false;
}

} // namespace flipbench
