#include "flipbench/util/tensor_text.h"
#include "flipbench/pytorch/state_dict_import.h"

#include "flipbench/util/errors.h"

#include <torch/torch.h>

#include <optional>

namespace flipbench {

namespace {

/// A dict whose values are all tensors, with string keys, as a StateDict; nullopt otherwise.
std::optional<StateDict> asStateDict(const PyValuePtr& value)
{
    if (!value || !value->isDict())
        return std::nullopt;
    StateDict out;
    for (const auto& [key, item] : std::get<PyValue::Dict>(value->value)) {
        const auto* name = std::get_if<std::string>(&key->value);
        if (!name || !item->isTensor())
            return std::nullopt;
        out[*name] = std::get<torch::Tensor>(item->value);
    }
    return out.empty() ? std::nullopt : std::optional<StateDict>(out);
}

} // namespace

StateDict extractStateDict(const PyValuePtr& root, const std::filesystem::path& file)
{
    std::optional<StateDict> found = asStateDict(root);
    for (const char* key : {"state_dict", "model_state_dict", "model"})
        if (!found && root->isDict())
            found = asStateDict(root->get(key));
    if (!found)
        throw DataError(file.string() + " holds a " + root->describe() +
                        " but no state dict: expected model.state_dict() saved directly, or a checkpoint dict with "
                        "its \"state_dict\" entry");
    StateDict stripped;
    for (auto& [key, tensor] : *found)
        stripped[key.rfind("module.", 0) == 0 ? key.substr(7) : key] = tensor;
    return stripped;
}

void loadStateDict(ClassifierImpl& model, const StateDict& stateDict, const std::string& arch,
                   const std::filesystem::path& file)
{
    const std::string where = file.string() + ": ";
    StateDict expected;
    for (const auto& p : model.named_parameters())
        expected[p.key()] = p.value();
    for (const auto& b : model.named_buffers())
        expected[b.key()] = b.value();

    for (const auto& [key, tensor] : stateDict)
        if (!expected.count(key))
            throw DataError(where + "key " + key + " is not part of Flipbench's " + arch +
                            " (the file holds another architecture; pick the matching --arch)");
    for (const auto& [key, target] : expected) {
        const auto found = stateDict.find(key);
        if (found == stateDict.end())
            throw DataError(where + "key " + key + " of " + arch +
                            " is missing from the file (the file holds another "
                            "architecture, or a partial state dict)");
        if (found->second.sizes() != target.sizes()) {
            if (key == "fc.weight" || key == "fc.bias")
                throw DataError(where + key + " has shape " + describeShape(found->second) +
                                ": the model was trained for " + std::to_string(found->second.size(0)) +
                                " classes, the data set has " + std::to_string(target.size(0)));
            throw DataError(where + key + " has shape " + describeShape(found->second) + ", " + arch + " expects " +
                            describeShape(target));
        }
    }
    torch::NoGradGuard noGrad;
    for (auto& [key, target] : expected)
        target.copy_(stateDict.at(key).to(target.scalar_type()));
}

} // namespace flipbench
