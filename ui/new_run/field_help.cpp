#include "ui/new_run/field_help.h"

#include <QCoreApplication>
#include <QHash>

namespace flipbench::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("FieldHelp", text);
}

} // namespace

QString fieldHelp(const QString& path)
{
    static const QHash<QString, const char*> help = {
        {"name", "The name of the run folder in the workspace; later runs of a plan refer to a run by this name."},
        {"data.path", "The data to train and test on: a CIFAR-10 binary folder (cifar-10-batches-bin, or the "
                      "folder holding it), or a folder of your own images with train/<class>/ and test/<class>/ "
                      "subfolders."},
        {"data.train_limit", "Trains on only the first N training images, for quick experiments (0 uses all)."},
        {"data.test_limit", "Tests on only the first N test images; runs compared with each other must use the same "
                            "test images."},
        {"data.val_size", "Holds back the last N training images to measure accuracy and flips on data the model "
                          "never trained on."},
        {"model.arch", "The network to train; a reference and the run started from it must share an architecture."},
        {"model.fc_init", "How the classifier layer starts: PyTorch's default (as torchvision and the seed "
                          "notebook's reference code leave it), or kaiming-normal as the reference's --reinit_linear "
                          "does (about 17x larger weights)."},
        {"method.name", "How the new model is trained: on labels only, or also pulled towards the old model's "
                        "predictions to avoid new mistakes."},
        {"method.reference", "The old model(s) the new one is compared with and, for FD and LDI, trained against; "
                             "several are averaged as an ensemble."},
        {"method.init_from_reference", "Starts training from the reference model's weights instead of random "
                                       "ones (needs exactly one reference of the same architecture)."},
        {"method.kd_alpha", "When set, mixes the losses as alpha x distillation + (1 - alpha) x cross-entropy "
                            "instead of adding the distillation term on top."},
        {"method.kd_loss_weight", "Multiplies the distillation term: larger values keep the new model closer to the "
                                  "old one at some cost in accuracy."},
        {"method.fd.divergence", "How the two models' outputs are compared: KL divergence of their probabilities, "
                                 "or squared difference of their logits."},
        {"method.fd.temperature", "Softens both models' probabilities before comparing them; higher values transfer "
                                  "more of the old model's ranking of wrong classes."},
        {"method.fd.filter", "Which samples get the extra weight: those the old model gets right, the current "
                             "negative flips, those the new model gets wrong, or none (plain distillation)."},
        {"method.fd.filter_base", "The weight every sample gets in the distillation term."},
        {"method.fd.filter_scale", "The extra weight added to the samples the filter selects, focusing the "
                                   "distillation on them."},
        {"method.fd.weighting", "Per sample: each sample's divergence is multiplied by its own focus weight, as "
                                "the FD paper defines it. Batch mean: the batch's mean weight times its mean "
                                "divergence, which is what the reference code computes in KL mode (the seed "
                                "notebook's recipe)."},
        {"method.ldi.p", "The power applied to each logit difference: 2 punishes large differences much more than "
                         "small ones."},
        {"method.ldi.margin", "Logit differences smaller than this are free, so the new model may still improve on "
                              "the old one."},
        {"method.ldi.exclude_gt", "Ignores the true class's logit, so the new model may grow more confident in the "
                                  "right answer (on by default, as in the reference code, which cannot turn it "
                                  "off). The mean still runs over all classes, the true one counting as zero."},
        {"method.ldi.top_k", "Compares only the old model's k largest logits (0 compares all classes)."},
        {"method.ldi.one_sided", "Penalises only logits that grow beyond the old ones by more than the margin "
                                 "(the reference's --li_one_sided)."},
        {"train.epochs", "How many times training goes through the whole training set."},
        {"train.batch_size", "Images per optimisation step; larger batches use more memory and usually want a "
                             "larger learning rate."},
        {"train.lr", "The step size of SGD at the start of the schedule; too high diverges, too low learns slowly."},
        {"train.momentum", "How much of the previous update SGD keeps (0 = plain SGD, 0.9 is typical)."},
        {"train.weight_decay", "Pulls weights towards zero each step, which reduces overfitting."},
        {"train.nesterov", "Uses Nesterov momentum, which looks ahead along the momentum before taking the "
                           "gradient."},
        {"train.schedule", "How the learning rate changes over training: cosine decay, constant, or a drop every "
                           "few epochs."},
        {"train.lr_step", "Cosine: the rate ends at lr x 0.1^(epochs / lr_step); step: the rate drops every this "
                          "many epochs."},
        {"train.eta_min", "The learning rate the cosine schedule ends at, instead of the LR step rule."},
        {"train.step_gamma", "The step schedule multiplies the learning rate by this factor at every drop."},
        {"train.warmup_epochs", "Ramps the learning rate up from nearly zero over these first epochs, which "
                                "steadies large learning rates."},
        {"train.augment.crop", "Trains on random 32x32 crops of each image padded by 4 pixels, so the model sees "
                               "shifted copies."},
        {"train.augment.flip", "Mirrors half of the training images left to right at random."},
        {"train.label_smoothing", "Trains towards slightly softened labels, which makes the model less "
                                  "over-confident."},
        {"train.grad_clip", "Scales down steps whose gradient norm exceeds this value, against sudden divergence "
                            "(0 = off)."},
        {"train.selection", "Which epoch's weights the run keeps: the last one, or the one with the best "
                            "validation or test accuracy."},
        {"train.precision", "bf16 computes in half-width floats on a GPU for speed; fp32 is exact and works "
                            "everywhere."},
        {"train.seed", "Fixes the random initialisation and data order, so the same seed repeats a run."},
        {"train.device", "Where the run trains: auto takes the first GPU when there is one, else the CPU."},
        {"train.threads", "CPU threads used for training on the CPU (0 = one per core)."},
    };
    const auto it = help.constFind(path);
    return it == help.constEnd() ? QString() : tr(it.value());
}

QList<Choice> fieldChoices(const QString& path)
{
    if (path == "model.arch")
        return {{"small_cnn", tr("small_cnn: a small CNN that trains in minutes on a CPU")},
                {"resnet18_cifar", tr("resnet18_cifar: ResNet-18 with a 3x3 stem for 32x32 images")},
                {"resnet18", tr("resnet18: torchvision ResNet-18 (ImageNet stem), as in the seed notebook")}};
    if (path == "method.name")
        return {{"baseline", tr("Baseline (cross-entropy only)")},
                {"fd", tr("FD (Focal Distillation)")},
                {"ldi", tr("LDI (ELODI with several references)")}};
    if (path == "method.fd.divergence")
        return {{"kl", tr("KL divergence of probabilities")}, {"l2", tr("L2 distance of logits")}};
    if (path == "model.fc_init")
        return {{"pytorch_default", tr("PyTorch default (as torchvision and the reference)")},
                {"kaiming_fan_out", tr("Kaiming normal, fan out (the reference's --reinit_linear)")}};
    if (path == "method.fd.weighting")
        return {{"per_sample", tr("Per sample (as the FD paper)")},
                {"batch_mean", tr("Batch mean (as the reference code's KL mode)")}};
    if (path == "method.fd.filter")
        return {{"all_pass", tr("All samples alike (plain distillation)")},
                {"old_correct", tr("Samples the old model gets right")},
                {"neg_flip", tr("Negative flips (old right, new wrong)")},
                {"new_incorrect", tr("Samples the new model gets wrong")}};
    if (path == "train.schedule")
        return {{"cosine", tr("Cosine decay")}, {"constant", tr("Constant")}, {"step", tr("Step decay")}};
    if (path == "train.selection")
        return {{"final", tr("Final epoch")},
                {"best_val", tr("Best validation accuracy")},
                {"best_test", tr("Best test accuracy (optimistic)")}};
    if (path == "train.precision")
        return {{"fp32", tr("fp32")}, {"bf16", tr("bf16 (CUDA only)")}};
    return {};
}

QString referenceHint(const QString& method)
{
    if (method == "fd")
        return tr("FD trains against the checked run; several checked runs are averaged into one old model.");
    if (method == "ldi")
        return tr("LDI trains against the checked run; several checked runs form an ELODI ensemble.");
    return tr("Optional for a baseline: negative flips are measured against the checked run.");
}

} // namespace flipbench::ui
