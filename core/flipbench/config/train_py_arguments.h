#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace flipbench {

/// What Flipbench does with one command-line argument of the reference's
/// ConstrainedUpgrade/train.py when it arrives in the seed notebook's hyperparameter dictionary.
enum class TrainPyUse {
    Mapped,      ///< read into the run config (notebook_hyperparameters.cpp)
    Ignored,     ///< accepted whatever its value; does not apply here (reason says why)
    DefaultOnly, ///< accepted at train.py's default; any other value is refused (reason says why)
};

/// One argument as train.py defines it (lines 72-433): its option names without the leading
/// dashes (the keys SageMaker turns into `--key value`), its default, and what Flipbench makes of it.
struct TrainPyArgument {
    std::vector<std::string> names; ///< aliases: {"lr", "learning-rate"}; the first is the canonical one
    TrainPyUse use = TrainPyUse::Mapped;
    nlohmann::json defaultValue; ///< train.py's default (null for None)
    std::string reason;          ///< Ignored / DefaultOnly: why, in words for the user
};

/// Every argument train.py defines.
const std::vector<TrainPyArgument>& trainPyArguments();

/// The argument one of whose names is `key`, or nullptr when train.py defines no such option.
const TrainPyArgument* findTrainPyArgument(const std::string& key);

/// Whether a dictionary value equals train.py's default for the argument (numbers compare by
/// value, a store_true flag's false equals its unset default, null equals None).
bool isTrainPyDefault(const TrainPyArgument& argument, const nlohmann::json& value);

} // namespace flipbench
