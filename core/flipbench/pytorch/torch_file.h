#pragma once

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace flipbench {

/// A Python value as torch.save pickled it, reduced to what model files hold: None, bool, int,
/// float, str, tuple/list, dict (insertion-ordered, as OrderedDict) and tensors. Objects of other
/// classes (an optimizer's hyperparameters, argparse.Namespace, ...) become `Opaque` with the
/// class name, so a checkpoint that carries them still loads.
struct PyValue;
using PyValuePtr = std::shared_ptr<PyValue>;

struct PyValue {
    struct None {};
    struct Opaque {
        std::string className;
    };
    using List = std::vector<PyValuePtr>;
    using Dict = std::vector<std::pair<PyValuePtr, PyValuePtr>>;
    std::variant<None, bool, int64_t, double, std::string, List, Dict, torch::Tensor, Opaque> value;

    bool isDict() const { return std::holds_alternative<Dict>(value); }
    bool isTensor() const { return std::holds_alternative<torch::Tensor>(value); }
    /// The entry of a dict under a string key; nullptr when absent or not a dict.
    PyValuePtr get(const std::string& key) const;
    std::string describe() const; ///< "dict", "tensor [10 x 512]", "str", ...
};

/// Reads a file written by torch.save (the ZIP format of PyTorch >= 1.6) without Python. Unlike
/// LibTorch 1.13's torch::pickle_load, it accepts what model.state_dict() returns (an OrderedDict
/// carrying `_metadata`) and checkpoints that nest one beside an optimizer's state.
/// Throws DataError naming the file for anything it cannot read.
PyValuePtr loadTorchFile(const std::filesystem::path& file);

} // namespace flipbench
