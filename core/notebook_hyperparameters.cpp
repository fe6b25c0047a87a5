#include "flipbench/notebook_hyperparameters.h"

#include "flipbench/errors.h"
#include "flipbench/json_fields.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace flipbench {

NotebookMapping mapNotebookHyperparameters(const nlohmann::json& json)
{
    JsonFields f(json, "hyperparameters");
    NotebookMapping m;
    RunConfig& c = m.config;
    c.name = f.string("desc", "notebook-run");
    c.model.arch = f.string("arch", c.model.arch);
    c.train.epochs = static_cast<int>(f.integer("epochs", c.train.epochs, 1, 100000));
    c.train.batchSize = static_cast<int>(f.integer("batch-size", c.train.batchSize, 1, 1 << 20));
    c.train.lr = f.number("lr", c.train.lr, 0, 1e6, true);
    c.train.lrStep = f.number("lr_step", c.train.lrStep, 0, 1e6, true);
    c.train.seed = static_cast<uint64_t>(f.integer("seed", 0, 0, INT64_MAX));
    // The notebook keeps the epoch with the best test accuracy (model_best).
    c.train.selection = "best_test";
    m.notes.push_back("train.selection: best_test, as the notebook keeps model_best (optimistic: it selects on the "
                      "test set)");

    const std::string path = f.string("kd_model_path", "");
    const std::string mode = f.string("kd_loss_mode", "kl");
    const std::string referenceArch = f.string("kd_model_arch", c.model.arch);
    MethodConfig& method = c.method;
    method.kdLossWeight = f.number("kd_loss_weight", method.kdLossWeight, 0, 1e6);
    method.kdAlpha = f.optionalNumber("kd_alpha", 0, 1);
    method.fd.temperature = f.number("kd_temperature", method.fd.temperature, 0, 1e6, true);
    method.fd.filter = focusFilterFromString(f.string("kd_filter", toString(method.fd.filter)));
    method.fd.filterBase = f.number("filter-base", method.fd.filterBase, 0, 1e6);
    method.fd.filterScale = f.number("filter-scale", method.fd.filterScale, 0, 1e6);
    method.ldi.p = f.number("li_p", method.ldi.p, 0, 16, true);
    method.ldi.margin = f.number("li_margin", method.ldi.margin, 0, 1e6);
    for (const char* ignored : {"use_cifar", "bucket_name", "gpu"}) {
        f.ignore(ignored);
        if (json.contains(ignored))
            m.notes.push_back(
                std::string(ignored) + ": ignored (" +
                (std::string(ignored) == "gpu" ? "pick the device with train.device" : "data comes from --data") + ")");
    }
    f.rejectUnknownKeys();

    if (!path.empty()) {
        if (mode == "kl" || mode == "l2") {
            method.name = "fd";
            method.fd.divergence = mode;
        } else if (mode == "li") {
            method.name = "ldi";
        } else {
            throw ConfigError("hyperparameters.kd_loss_mode: \"" + mode + "\" is not one of kl, li, l2");
        }
        if (std::filesystem::is_regular_file(path)) {
            m.referenceFile = path;
            m.referenceArch = referenceArch;
        } else {
            method.reference = {path};
        }
    }
    return m;
}

} // namespace flipbench
