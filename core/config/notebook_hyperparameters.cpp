#include "flipbench/config/notebook_hyperparameters.h"

#include "flipbench/runs/dataset_record.h"
#include "flipbench/models/classifier.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_fields.h"
#include "flipbench/runs/run_summary.h"
#include "flipbench/config/train_py_arguments.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

/// SageMaker hands every hyperparameter to train.py as a string, so notebooks often write "30" or
/// "True"; numbers and flags are accepted in either form.
nlohmann::json asNumberOrFlag(const nlohmann::json& value)
{
    if (!value.is_string())
        return value;
    const std::string text = value.get<std::string>();
    if (text == "True" || text == "true")
        return true;
    if (text == "False" || text == "false")
        return false;
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) {
        if (text.find_first_of(".eE") == std::string::npos && number >= double(INT64_MIN) &&
            number <= double(INT64_MAX))
            return static_cast<int64_t>(number);
        return number;
    }
    return value;
}

const char* const kStringArguments[] = {"arch", "desc", "kd_model_arch", "kd_model_path", "kd_filter", "kd_loss_mode"};

bool isStringArgument(const std::string& name)
{
    return std::find(std::begin(kStringArguments), std::end(kStringArguments), name) != std::end(kStringArguments);
}

/// The FD/LDI options of train.py (besides kd_loss_weight and li_exclude_gt, which is always on).
const std::vector<std::string>& methodKeys()
{
    static const std::vector<std::string> keys = {"kd_alpha",     "kd_temperature", "kd_filter", "kd_loss_mode",
                                                  "filter-base",  "filter-scale",   "li_p",      "li_margin",
                                                  "li_one_sided", "li_compute_topk"};
    return keys;
}

/// "batch_size" is not train.py's spelling, "batch-size" is: say so.
std::string spellingHint(const std::string& key)
{
    std::string dashed = key, underscored = key;
    std::replace(dashed.begin(), dashed.end(), '_', '-');
    std::replace(underscored.begin(), underscored.end(), '-', '_');
    for (const std::string& candidate : {dashed, underscored})
        if (candidate != key && findTrainPyArgument(candidate))
            return " (train.py spells it \"" + candidate + "\")";
    return "";
}

std::string formatValue(const nlohmann::json& value)
{
    return value.is_null() ? std::string("None") : shortDump(value);
}

std::string joined(const std::vector<std::string>& items)
{
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

/// kd_model_path: one string holding one path or several separated by spaces (train.py:650 splits
/// it), or a list of such strings.
std::vector<std::string> referencePathsOf(const nlohmann::json& value)
{
    std::vector<std::string> paths;
    if (value.is_null())
        return paths;
    std::vector<nlohmann::json> items =
        value.is_array() ? value.get<std::vector<nlohmann::json>>() : std::vector<nlohmann::json>{value};
    for (const auto& item : items) {
        if (!item.is_string())
            throw ConfigError("hyperparameters.kd_model_path: expected a path (or several separated by spaces), got " +
                              shortDump(item));
        std::istringstream words(item.get<std::string>());
        for (std::string word; words >> word;)
            paths.push_back(word);
    }
    return paths;
}

class NotebookMapper {
public:
    explicit NotebookMapper(const nlohmann::json& input) { sortKeys(input); }

    NotebookMapping map()
    {
        mapModelAndTraining();
        mapMethod();
        fields_.rejectUnknownKeys(); // every mapped key has been read above
        return std::move(m_);
    }

private:
    void sortKeys(const nlohmann::json& input)
    {
        if (!input.is_object())
            throw ConfigError("hyperparameters: expected a JSON object of train.py arguments, got " + shortDump(input));
        for (auto it = input.begin(); it != input.end(); ++it) {
            const std::string& key = it.key();
            const TrainPyArgument* argument = findTrainPyArgument(key);
            if (!argument)
                throw ConfigError("hyperparameters." + key +
                                  ": unknown key; ConstrainedUpgrade/train.py defines no --" + key + spellingHint(key));
            const std::string& name = argument->names.front();
            if (mapped_.contains(name) || seen_.count(name))
                throw ConfigError("hyperparameters." + key + ": given twice (--" + joined(argument->names) +
                                  " are one argument of train.py)");
            seen_.insert(name);
            const nlohmann::json value = isStringArgument(name) ? it.value() : asNumberOrFlag(it.value());
            switch (argument->use) {
            case TrainPyUse::Ignored:
                m_.notes.push_back(key + ": ignored (" + argument->reason + ")");
                break;
            case TrainPyUse::DefaultOnly:
                if (!isTrainPyDefault(*argument, value))
                    throw ConfigError("hyperparameters." + key + ": " + formatValue(value) +
                                      " is not supported here: " + argument->reason + " (train.py's default " +
                                      formatValue(argument->defaultValue) + " is accepted)");
                break;
            case TrainPyUse::Mapped:
                mapped_[name] = value;
                break;
            }
        }
    }

    bool given(const std::string& name) const { return mapped_.contains(name) && !mapped_.at(name).is_null(); }

    /// Notes train.py's default for an absent key, since it often differs from Flipbench's own.
    void noteDefault(const std::string& name)
    {
        if (!given(name))
            m_.notes.push_back(name + ": absent, so train.py's default " +
                               formatValue(findTrainPyArgument(name)->defaultValue) + " applies");
    }

    void mapModelAndTraining()
    {
        RunConfig& c = m_.config;
        c.model.arch = fields_.string("arch", "resnet18");
        const auto& known = knownArchitectures();
        if (std::find(known.begin(), known.end(), c.model.arch) == known.end())
            throw ConfigError("hyperparameters.arch: \"" + c.model.arch + "\" is not a model Flipbench trains (" +
                              joined(known) + "; resnet18 is train.py's default, torchvision's layout)");
        // torchvision's and the reference's fc init (networks/resnet.py:171, 176-181) unless
        // --reinit_linear re-initialises it (train.py:643-647).
        c.model.fcInit = fields_.boolean("reinit_linear", false) ? "kaiming_fan_out" : "pytorch_default";

        TrainConfig& t = c.train;
        t.epochs = static_cast<int>(fields_.integer("epochs", 90, 1, 100000));
        t.batchSize = static_cast<int>(fields_.integer("batch-size", 256, 1, 1 << 20));
        t.lr = fields_.number("lr", 0.1, 0, 1e6, /*minExclusive=*/true);
        t.lrStep = fields_.number("lr_step", 30, 0, 1e6, /*minExclusive=*/true);
        t.momentum = fields_.number("momentum", 0.9, 0, 1);
        t.weightDecay = fields_.number("wd", 1e-4, 0, 1);
        t.labelSmoothing = fields_.number("label_smoothing", 0, 0, 1);
        if (t.labelSmoothing >= 1)
            throw ConfigError("hyperparameters.label_smoothing: must be < 1, got 1");
        for (const char* name : {"epochs", "batch-size", "lr", "lr_step"})
            noteDefault(name);
        if (given("seed")) {
            t.seed = static_cast<uint64_t>(fields_.integer("seed", 0, 0, INT64_MAX));
        } else {
            fields_.integer("seed", 0, 0, INT64_MAX);
            m_.notes.push_back("seed: absent, so train.py would train unseeded (different every time); Flipbench "
                               "uses seed 0 so the run can be repeated");
        }
        // On CIFAR train.py always anneals: cosine stepped every iteration down to
        // lr * 0.1^(epochs / lr_step) (train.py:504-505, 816-820, 1276-1277), no augmentation (508-510).
        t.schedule = "cosine";
        t.etaMin.reset();
        // The notebook keeps the epoch with the best test accuracy (model_best, train.py:1031-1049).
        t.selection = "best_test";
        m_.notes.push_back("train.selection: best_test, as the reference keeps model_best (optimistic: it selects "
                           "on the test set)");
    }

    void mapMethod()
    {
        RunConfig& c = m_.config;
        MethodConfig& method = c.method;
        m_.referencePaths = referencePathsOf(given("kd_model_path") ? mapped_.at("kd_model_path") : nullptr);
        fields_.ignore("kd_model_path");
        m_.referenceArch = fields_.string("kd_model_arch", "");
        m_.referenceNumClasses = fields_.integer("kd_model_num_classes", 1000, 1, 1000000);
        checkEnsembleWeights();
        const double kdLossWeight = fields_.number("kd_loss_weight", 0, 0, 1e6);

        std::vector<std::string> methodKeysGiven; // set to something other than train.py's default
        for (const auto& key : methodKeys())
            if (given(key) && !isTrainPyDefault(*findTrainPyArgument(key), mapped_.at(key)))
                methodKeysGiven.push_back(key);

        const std::string desc = fields_.string("desc", "");
        if (kdLossWeight <= 0) {
            // train.py distils only when kd_loss_weight > 0 (train.py:649).
            if (!methodKeysGiven.empty()) {
                if (m_.referencePaths.empty())
                    throw ConfigError("hyperparameters: " + joined(methodKeysGiven) +
                                      " set FD/LDI options, but neither kd_model_path (the old model) nor "
                                      "kd_loss_weight > 0 is given, so this would silently train a baseline; add "
                                      "both for FD/LDI, or remove those keys for a baseline");
                throw ConfigError("hyperparameters.kd_loss_weight: " +
                                  std::string(given("kd_loss_weight") ? "0" : "absent (train.py's default 0)") +
                                  ", so train.py trains without distillation (train.py:649) and ignores " +
                                  joined(methodKeysGiven) +
                                  "; set kd_loss_weight > 0 for FD/LDI, or remove those keys for a baseline "
                                  "measured against kd_model_path");
            }
            readUnusedMethodKeys();
            c.name = desc.empty() ? "nb-" + c.model.arch + "-seed" + std::to_string(c.train.seed) : desc;
            if (!m_.referencePaths.empty())
                m_.notes.push_back("kd_loss_weight: absent or 0, so this is a baseline (train.py:649); its NFR and "
                                   "PFR are measured against kd_model_path");
            return;
        }
        if (m_.referencePaths.empty())
            throw ConfigError("hyperparameters.kd_model_path: absent, but kd_loss_weight " +
                              shortDump(mapped_.at("kd_loss_weight")) +
                              " turns distillation on (train.py:649); name the old model's file or run");
        noteDefault("kd_model_num_classes");

        method.kdLossWeight = kdLossWeight;
        method.kdAlpha = fields_.optionalNumber("kd_alpha", 0, 1);
        const std::string mode = fields_.string("kd_loss_mode", "kl");
        noteDefault("kd_loss_mode");
        const std::string filter = fields_.string("kd_filter", "all_pass");
        if (filter == "likelihood")
            throw ConfigError("hyperparameters.kd_filter: \"likelihood\" weighs samples by a per-sample likelihood "
                              "file (kd_likelihood_source, losses.py:403-404) that Flipbench does not read; use "
                              "all_pass, old_correct, neg_flip or new_incorrect");
        if (mode == "kl" || mode == "l2")
            mapFocalDistillation(mode, filter);
        else if (mode == "li")
            mapLogitDifference(filter);
        else if (mode == "gt")
            throw ConfigError("hyperparameters.kd_loss_mode: \"gt\" is accepted by train.py's parser but losses.py "
                              "raises \"Unknown loss type\" for it (losses.py:368-369); use kl, l2 or li");
        else
            throw ConfigError("hyperparameters.kd_loss_mode: \"" + mode +
                              "\" is not implemented in Flipbench; it implements kl and l2 (Focal Distillation) "
                              "and li (Logit Difference Inhibition)");
        c.name =
            desc.empty() ? "nb-" + method.name + "-" + c.model.arch + "-seed" + std::to_string(c.train.seed) : desc;
    }

    void mapFocalDistillation(const std::string& mode, const std::string& filter)
    {
        MethodConfig& method = m_.config.method;
        method.name = "fd";
        method.fd.divergence = mode;
        method.fd.filter = focusFilterFromString(filter);
        method.fd.filterBase = fields_.number("filter-base", 0, 0, 1e6);
        method.fd.filterScale = fields_.number("filter-scale", 1, 0, 1e6);
        method.fd.temperature = fields_.number("kd_temperature", 5, 0, 1e6, /*minExclusive=*/true);
        noteDefault("kd_filter");
        if (method.fd.filter != FocusFilter::AllPass) {
            noteDefault("filter-base");
            noteDefault("filter-scale");
        }
        if (mode == "kl") {
            noteDefault("kd_temperature");
            // losses.py:396 gives the weights shape (N,1) and 410-412 the KL loss shape (N,), so
            // (sample_loss * loss_weights).mean() at 438 broadcasts to N x N: mean(w) * mean(KL).
            method.fd.weighting = FocusWeighting::BatchMean;
            if (method.fd.filter != FocusFilter::AllPass)
                m_.notes.push_back("method.fd.weighting: batch_mean, as the reference computes its KL mode: the focus "
                                   "weights scale the whole batch (mean(w) * mean(KL), losses.py:438), not each "
                                   "sample as the FD paper defines it");
        } else {
            // MSELoss(reduction='none') keeps shape (N,C) (losses.py:340, 414), so each sample gets its own weight.
            method.fd.weighting = FocusWeighting::PerSample;
            if (given("kd_temperature"))
                m_.notes.push_back("kd_temperature: not used by kd_loss_mode l2 (losses.py:413-414)");
        }
        for (const char* key : {"li_p", "li_margin", "li_one_sided", "li_compute_topk", "li_exclude_gt"})
            readUnused(key, "kd_loss_mode li");
    }

    void mapLogitDifference(const std::string& filter)
    {
        MethodConfig& method = m_.config.method;
        method.name = "ldi";
        if (filter != "all_pass")
            throw ConfigError("hyperparameters.kd_filter: \"" + filter +
                              "\" with kd_loss_mode li weighs LDI by the focus filter in the reference "
                              "(losses.py:395-402, 438); Flipbench's LDI has no focus filter: use all_pass, or "
                              "kd_loss_mode kl or l2 for Focal Distillation");
        method.ldi.p = static_cast<double>(fields_.integer("li_p", 2, 1, 16));
        method.ldi.margin = fields_.number("li_margin", 1.0, 0, 1e6);
        method.ldi.oneSided = fields_.boolean("li_one_sided", false);
        noteDefault("li_margin");
        // --li_exclude_gt is store_true with default=True (train.py:329): it is always on.
        if (!fields_.boolean("li_exclude_gt", true))
            throw ConfigError("hyperparameters.li_exclude_gt: false cannot be passed to train.py (a store_true flag "
                              "whose default is already True, train.py:329); the reference always excludes the "
                              "true class");
        method.ldi.excludeGroundTruth = true;
        method.ldi.topK = 0;
        const int64_t topK = fields_.integer("li_compute_topk", -1, -1, 1000000);
        if (topK > 0 && !method.ldi.oneSided)
            m_.notes.push_back(
                "li_compute_topk: " + std::to_string(topK) +
                " ranks rows, not classes, in the reference (losses.py:141 takes the first k rows of "
                "new_logits.argsort()); each row is a permutation of all classes, so its loss equals the loss over "
                "all classes. Mapped to method.ldi.top_k 0 (all classes), as the reference computes it");
        else if (topK > 0)
            m_.notes.push_back("li_compute_topk: not used with li_one_sided (losses.py:120-131)");
        for (const char* key : {"kd_temperature", "filter-base", "filter-scale"})
            readUnused(key, "kd_loss_mode kl or l2");
    }

    /// A key the chosen mode does not use: accepted (train.py parses it too), with a note.
    void readUnused(const std::string& key, const std::string& usedBy)
    {
        fields_.ignore(key);
        if (given(key))
            m_.notes.push_back(key + ": not used here (only by " + usedBy + ")");
    }

    void readUnusedMethodKeys()
    {
        for (const auto& key : methodKeys())
            fields_.ignore(key);
        fields_.ignore("li_exclude_gt");
    }

    /// EnsModel (networks/utils.py:37-52) adds member i > 0 times weight_list[i] to member 0 taken
    /// with weight 1, then divides by the sum of the weights: only all-ones weights are a plain mean,
    /// the ensemble Flipbench forms.
    void checkEnsembleWeights()
    {
        fields_.ignore("kd_model_path_weight");
        if (!given("kd_model_path_weight"))
            return;
        const nlohmann::json& value = mapped_.at("kd_model_path_weight");
        std::vector<nlohmann::json> weights =
            value.is_array() ? value.get<std::vector<nlohmann::json>>() : std::vector<nlohmann::json>{value};
        if (weights.size() != m_.referencePaths.size())
            throw ConfigError("hyperparameters.kd_model_path_weight: " + std::to_string(weights.size()) +
                              " weights for " + std::to_string(m_.referencePaths.size()) +
                              " models in kd_model_path (train.py:701 requires one each)");
        for (const auto& weight : weights) {
            const nlohmann::json w = asNumberOrFlag(weight);
            if (!w.is_number() || w.get<double>() != 1.0)
                throw ConfigError("hyperparameters.kd_model_path_weight: " + shortDump(value) +
                                  " is not supported: Flipbench averages the ensemble's logits with equal weights "
                                  "(all weights 1); the reference's EnsModel also gives its first member weight 1 "
                                  "whatever is given (networks/utils.py:41-44)");
        }
    }

    NotebookMapping m_;
    nlohmann::json mapped_ = nlohmann::json::object(); ///< canonical name -> value, mapped keys only
    std::set<std::string> seen_;
    JsonFields fields_{mapped_, "hyperparameters"};
};

const std::regex& bestModelName()
{
    // save names of a baseline's best model (train.py:1067): best_model_<arch>_seed_<seed>.pth.tar
    static const std::regex pattern(R"(best_model_([A-Za-z0-9_]+?)_seed_([0-9]+)\.pth\.tar)");
    return pattern;
}

/// The completed baseline run of the workspace with that arch and seed.
fs::path findBaselineRun(const fs::path& workspace, const std::string& arch, uint64_t seed, const std::string& entry)
{
    std::vector<fs::path> matches;
    std::vector<std::string> names;
    for (const RunSummary& run : listRuns(workspace)) {
        if (run.status.state != RunState::Completed || run.arch != arch)
            continue;
        try {
            const auto config = RunFolder::open(run.dir).readJson("config.json");
            if (config.at("train").value("seed", uint64_t(0)) != seed ||
                config.at("method").value("name", "baseline") != "baseline")
                continue;
        } catch (const std::exception&) {
            continue; // an unreadable run cannot be the one meant
        }
        matches.push_back(run.dir);
        names.push_back(run.name);
    }
    if (matches.size() == 1)
        return matches.front();
    if (matches.empty())
        throw ConfigError("hyperparameters.kd_model_path: \"" + entry + "\" is the reference's name for the best " +
                          arch + " baseline trained with seed " + std::to_string(seed) + ", but the workspace " +
                          workspace.string() +
                          " has no completed baseline run with that model and seed; train that notebook job "
                          "first, or name a run or a file");
    throw ConfigError("hyperparameters.kd_model_path: \"" + entry + "\" matches several completed " + arch +
                      " baselines with seed " + std::to_string(seed) + " (" + joined(names) +
                      "); name one of them instead");
}

} // namespace

NotebookMapping mapNotebookHyperparameters(const nlohmann::json& hyperparameters)
{
    return NotebookMapper(hyperparameters).map();
}

std::vector<NotebookReferenceSource> locateNotebookReferences(const NotebookMapping& mapping, const fs::path& workspace)
{
    std::vector<NotebookReferenceSource> sources;
    for (const std::string& entry : mapping.referencePaths) {
        NotebookReferenceSource source;
        const fs::path given = entry;
        std::smatch match;
        if (fs::is_regular_file(given) || (given.is_relative() && fs::is_regular_file(workspace / given))) {
            source.kind = NotebookReferenceSource::Kind::File;
            source.path = fs::is_regular_file(given) ? given : workspace / given;
            if (mapping.referenceArch.empty())
                throw ConfigError("hyperparameters.kd_model_arch: absent, but it names the architecture of " +
                                  source.path.string() + " (train.py has no default for it)");
            source.note = "kd_model_path: importing " + source.path.filename().string() + " as a " +
                          mapping.referenceArch + " reference model";
        } else if (fs::is_regular_file(given / "status.json") ||
                   (given.is_relative() && fs::is_regular_file(workspace / given / "status.json"))) {
            source.path = fs::is_regular_file(given / "status.json") ? given : workspace / given;
            source.note = "kd_model_path: run " + source.path.filename().string();
        } else if (std::regex_match(entry, match, bestModelName())) {
            const std::string arch = match[1];
            const uint64_t seed = std::stoull(match[2]);
            source.path = findBaselineRun(workspace, arch, seed, entry);
            source.note = "kd_model_path: " + entry + " is the reference's name for the best " + arch +
                          " baseline with seed " + std::to_string(seed) + ": run " + source.path.filename().string();
        } else {
            throw ConfigError("hyperparameters.kd_model_path: \"" + entry +
                              "\" is neither a file, nor a run of the "
                              "workspace " +
                              workspace.string() +
                              ", nor the reference's name of a baseline's best model "
                              "(best_model_<arch>_seed_<seed>.pth.tar)");
        }
        sources.push_back(std::move(source));
    }
    return sources;
}

void checkNotebookReference(const NotebookMapping& mapping, const std::string& modelName, const std::string& arch,
                            int64_t numClasses)
{
    if (!mapping.referenceArch.empty() && mapping.referenceArch != arch)
        throw ConfigError("hyperparameters.kd_model_arch: \"" + mapping.referenceArch + "\", but the reference " +
                          modelName + " is a " + arch +
                          "; the reference would fail to load its weights (train.py:663-670)");
    if (mapping.referenceNumClasses != numClasses)
        throw ConfigError("hyperparameters.kd_model_num_classes: " + std::to_string(mapping.referenceNumClasses) +
                          (mapping.referenceNumClasses == 1000 ? " (train.py's default)" : "") +
                          ", but the reference " + modelName + " has " + std::to_string(numClasses) +
                          " classes; the reference would fail to load its fc layer (train.py:663-670). Set "
                          "\"kd_model_num_classes\": " +
                          std::to_string(numClasses));
}

void checkNotebookReferenceRun(const NotebookMapping& mapping, const fs::path& runDir)
{
    const RunFolder run = RunFolder::open(runDir);
    const auto config = run.readJson("config.json");
    const auto classes = readDatasetRecord(run.file("dataset.json")).classNames;
    checkNotebookReference(mapping, run.name(), config.at("model").value("arch", std::string()),
                           static_cast<int64_t>(classes.size()));
}

} // namespace flipbench
