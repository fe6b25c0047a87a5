#include "flipbench/run_config.h"

#include "flipbench/classifier.h"
#include "flipbench/errors.h"
#include "flipbench/json_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <regex>

namespace flipbench {

namespace {

void requireOneOf(const JsonFields& fields, const std::string& key, const std::string& value,
                  const std::vector<std::string>& allowed)
{
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end())
        return;
    std::string list;
    for (const auto& a : allowed)
        list += (list.empty() ? "" : ", ") + a;
    throw ConfigError(fields.pathOf(key) + ": \"" + value + "\" is not one of " + list);
}

DataConfig parseData(const nlohmann::json& json)
{
    JsonFields f(json, "data");
    DataConfig data;
    data.path = f.string("path", data.path);
    data.trainLimit = f.integer("train_limit", 0, 0, INT64_MAX);
    data.testLimit = f.integer("test_limit", 0, 0, INT64_MAX);
    data.valSize = f.integer("val_size", 0, 0, INT64_MAX);
    f.rejectUnknownKeys();
    return data;
}

ModelConfig parseModel(const nlohmann::json& json)
{
    JsonFields f(json, "model");
    ModelConfig model;
    model.arch = f.string("arch", model.arch);
    requireOneOf(f, "arch", model.arch, knownArchitectures());
    f.rejectUnknownKeys();
    return model;
}

TrainConfig parseTrain(const nlohmann::json& json)
{
    JsonFields f(json, "train");
    TrainConfig t;
    t.epochs = static_cast<int>(f.integer("epochs", t.epochs, 1, 100000));
    t.batchSize = static_cast<int>(f.integer("batch_size", t.batchSize, 1, 1 << 20));
    t.lr = f.number("lr", t.lr, 0, 1e6, /*minExclusive=*/true);
    t.momentum = f.number("momentum", t.momentum, 0, 1);
    t.weightDecay = f.number("weight_decay", t.weightDecay, 0, 1);
    t.nesterov = f.boolean("nesterov", t.nesterov);
    if (t.nesterov && t.momentum == 0)
        throw ConfigError("train.nesterov: Nesterov momentum needs train.momentum > 0");
    t.seed = static_cast<uint64_t>(f.integer("seed", 0, 0, INT64_MAX));
    t.device = f.string("device", t.device);
    if (!std::regex_match(t.device, std::regex("auto|cpu|cuda(:[0-9]+)?")))
        throw ConfigError("train.device: \"" + t.device + "\" is not a device; use auto, cpu, cuda or cuda:N");
    t.schedule = f.string("schedule", t.schedule);
    requireOneOf(f, "schedule", t.schedule, {"cosine", "constant", "step"});
    t.lrStep = f.number("lr_step", t.lrStep, 0, 1e6, /*minExclusive=*/true);
    t.etaMin = f.optionalNumber("eta_min", 0, 1e6);
    t.stepGamma = f.number("step_gamma", t.stepGamma, 0, 1, /*minExclusive=*/true);
    t.warmupEpochs = f.number("warmup_epochs", t.warmupEpochs, 0, 1e6);
    if (t.warmupEpochs >= t.epochs)
        throw ConfigError("train.warmup_epochs: must be < train.epochs (" + std::to_string(t.epochs) + ")");
    {
        JsonFields a(f.object("augment"), "train.augment");
        t.augment.crop = a.boolean("crop", false);
        t.augment.flip = a.boolean("flip", false);
        a.rejectUnknownKeys();
    }
    t.labelSmoothing = f.number("label_smoothing", t.labelSmoothing, 0, 1);
    if (t.labelSmoothing >= 1)
        throw ConfigError("train.label_smoothing: must be < 1, got 1");
    t.gradClip = f.number("grad_clip", t.gradClip, 0, 1e9);
    t.selection = f.string("selection", t.selection);
    requireOneOf(f, "selection", t.selection, {"final", "best_val", "best_test"});
    t.threads = static_cast<int>(f.integer("threads", t.threads, 0, 1024));
    t.logEvery = static_cast<int>(f.integer("log_every", t.logEvery, 1, 1000000));
    f.rejectUnknownKeys();
    return t;
}

} // namespace

RunConfig parseRunConfig(const nlohmann::json& json)
{
    JsonFields f(json, "");
    RunConfig config;
    config.name = f.string("name", config.name);
    if (config.name.empty() || config.name.find_first_of("/\\") != std::string::npos || config.name == "." ||
        config.name == "..")
        throw ConfigError("name: must be a non-empty name without / or \\, got \"" + config.name + "\"");
    config.data = parseData(f.object("data"));
    config.model = parseModel(f.object("model"));
    config.train = parseTrain(f.object("train"));
    f.object("versions"); // written into config.json for the record; not an input
    f.rejectUnknownKeys();
    if (config.train.selection == "best_val" && config.data.valSize == 0)
        throw ConfigError("train.selection: \"best_val\" needs a validation split; set data.val_size > 0");
    return config;
}

nlohmann::json toJson(const RunConfig& c)
{
    const TrainConfig& t = c.train;
    nlohmann::json train = {
        {"epochs", t.epochs},
        {"batch_size", t.batchSize},
        {"lr", t.lr},
        {"momentum", t.momentum},
        {"weight_decay", t.weightDecay},
        {"nesterov", t.nesterov},
        {"seed", t.seed},
        {"device", t.device},
        {"schedule", t.schedule},
        {"lr_step", t.lrStep},
        {"step_gamma", t.stepGamma},
        {"warmup_epochs", t.warmupEpochs},
        {"augment", {{"crop", t.augment.crop}, {"flip", t.augment.flip}}},
        {"label_smoothing", t.labelSmoothing},
        {"grad_clip", t.gradClip},
        {"selection", t.selection},
        {"threads", t.threads},
        {"log_every", t.logEvery},
    };
    train["eta_min"] = t.etaMin ? nlohmann::json(*t.etaMin) : nlohmann::json(nullptr);
    return {
        {"name", c.name},
        {"data",
         {{"path", c.data.path},
          {"train_limit", c.data.trainLimit},
          {"test_limit", c.data.testLimit},
          {"val_size", c.data.valSize}}},
        {"model", {{"arch", c.model.arch}}},
        {"train", train},
    };
}

double cosineEtaMin(const TrainConfig& train)
{
    return train.etaMin ? *train.etaMin : train.lr * std::pow(0.1, train.epochs / train.lrStep);
}

} // namespace flipbench
