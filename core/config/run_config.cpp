#include "flipbench/config/run_config.h"

#include "flipbench/models/classifier.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_fields.h"

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
    model.fcInit = f.string("fc_init", model.fcInit);
    requireOneOf(f, "fc_init", model.fcInit, {"pytorch_default", "kaiming_fan_out"});
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
    t.precision = f.string("precision", t.precision);
    requireOneOf(f, "precision", t.precision, {"fp32", "bf16"});
    if (t.precision == "bf16" && t.device == "cpu")
        throw ConfigError("train.precision: bf16 autocast is for CUDA devices; use fp32 with device \"cpu\"");
    f.rejectUnknownKeys();
    return t;
}

void requireOnlyFor(JsonFields& f, const MethodConfig& m, const std::string& block)
{
    if (!f.object(block).is_null() && m.name != block)
        throw ConfigError(f.pathOf(block) + ": only used when method.name is \"" + block + "\" (it is \"" + m.name +
                          "\")");
}

MethodConfig parseMethod(const nlohmann::json& json)
{
    JsonFields f(json, "method");
    MethodConfig m;
    m.name = f.string("name", m.name);
    requireOneOf(f, "name", m.name, {"baseline", "fd", "ldi"});
    m.reference = f.stringList("reference");
    m.kdAlpha = f.optionalNumber("kd_alpha", 0, 1);
    m.kdLossWeight = f.number("kd_loss_weight", m.kdLossWeight, 0, 1e6);
    m.initFromReference = f.boolean("init_from_reference", m.initFromReference);
    requireOnlyFor(f, m, "fd");
    requireOnlyFor(f, m, "ldi");
    {
        JsonFields fd(f.object("fd"), "method.fd");
        m.fd.divergence = fd.string("divergence", m.fd.divergence);
        requireOneOf(fd, "divergence", m.fd.divergence, {"kl", "l2"});
        m.fd.temperature = fd.number("temperature", m.fd.temperature, 0, 1e6, /*minExclusive=*/true);
        const std::string filter = fd.string("filter", toString(m.fd.filter));
        requireOneOf(fd, "filter", filter, {"all_pass", "old_correct", "neg_flip", "new_incorrect"});
        m.fd.filter = focusFilterFromString(filter);
        m.fd.filterBase = fd.number("filter_base", m.fd.filterBase, 0, 1e6);
        m.fd.filterScale = fd.number("filter_scale", m.fd.filterScale, 0, 1e6);
        const std::string weighting = fd.string("weighting", toString(m.fd.weighting));
        requireOneOf(fd, "weighting", weighting, {"per_sample", "batch_mean"});
        m.fd.weighting = focusWeightingFromString(weighting);
        fd.rejectUnknownKeys();
    }
    {
        JsonFields ldi(f.object("ldi"), "method.ldi");
        m.ldi.p = ldi.number("p", m.ldi.p, 0, 16, /*minExclusive=*/true);
        m.ldi.margin = ldi.number("margin", m.ldi.margin, 0, 1e6);
        m.ldi.excludeGroundTruth = ldi.boolean("exclude_gt", m.ldi.excludeGroundTruth);
        m.ldi.topK = ldi.integer("top_k", m.ldi.topK, 0, 100000);
        m.ldi.oneSided = ldi.boolean("one_sided", m.ldi.oneSided);
        ldi.rejectUnknownKeys();
    }
    f.rejectUnknownKeys();
    if (m.usesReference() && m.reference.empty())
        throw ConfigError("method.reference: method \"" + m.name +
                          "\" trains against an old model; name its run folder "
                          "(or several, for an ensemble)");
    if (m.initFromReference && m.reference.size() != 1)
        throw ConfigError("method.init_from_reference: needs exactly one reference run, got " +
                          std::to_string(m.reference.size()));
    return m;
}

nlohmann::json methodJson(const MethodConfig& m)
{
    nlohmann::json j = {{"name", m.name},
                        {"reference", m.reference},
                        {"kd_alpha", m.kdAlpha ? nlohmann::json(*m.kdAlpha) : nlohmann::json(nullptr)},
                        {"kd_loss_weight", m.kdLossWeight},
                        {"init_from_reference", m.initFromReference}};
    if (m.name == "fd")
        j["fd"] = {{"divergence", m.fd.divergence},    {"temperature", m.fd.temperature},
                   {"filter", toString(m.fd.filter)},  {"filter_base", m.fd.filterBase},
                   {"filter_scale", m.fd.filterScale}, {"weighting", toString(m.fd.weighting)}};
    if (m.name == "ldi")
        j["ldi"] = {{"p", m.ldi.p},
                    {"margin", m.ldi.margin},
                    {"exclude_gt", m.ldi.excludeGroundTruth},
                    {"top_k", m.ldi.topK},
                    {"one_sided", m.ldi.oneSided}};
    return j;
}

} // namespace

constexpr size_t kMaxRunNameLength = 160;

RunConfig parseRunConfig(const nlohmann::json& json)
{
    JsonFields f(json, "");
    RunConfig config;
    config.name = f.string("name", config.name);
    if (config.name.empty() || config.name.find_first_of("/\\") != std::string::npos || config.name == "." ||
        config.name == "..")
        throw ConfigError("name: must be a non-empty name without / or \\, got " + shortDump(config.name));
    // The name becomes the run's folder name (file systems allow 255 bytes), with room for a sweep's
    // or a duplicate's suffix.
    if (std::any_of(config.name.begin(), config.name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        throw ConfigError("name: control characters are not allowed, got " + shortDump(config.name));
    if (config.name.size() > kMaxRunNameLength)
        throw ConfigError("name: at most " + std::to_string(kMaxRunNameLength) +
                          " characters (it names the run's folder), got " + std::to_string(config.name.size()) + ": " +
                          shortDump(config.name));
    config.data = parseData(f.object("data"));
    config.model = parseModel(f.object("model"));
    config.train = parseTrain(f.object("train"));
    config.method = parseMethod(f.object("method"));
    f.object("versions"); // written into config.json for the record; not an input
    f.object("import");   // likewise: where an imported model came from
    f.object("posthoc");  // likewise: the two runs a post-hoc model was mixed from (posthoc/)
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
        {"precision", t.precision},
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
        {"model", {{"arch", c.model.arch}, {"fc_init", c.model.fcInit}}},
        {"train", train},
        {"method", methodJson(c.method)},
    };
}

double cosineEtaMin(const TrainConfig& train)
{
    return train.etaMin ? *train.etaMin : train.lr * std::pow(0.1, train.epochs / train.lrStep);
}

} // namespace flipbench
