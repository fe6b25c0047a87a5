// The seed notebook's hyperparameter dictionary (`train --hyperparameters FILE.json`), mapped onto a
// run config by mapNotebookHyperparameters. A mapping that succeeds yields a config that parses.
#include "fuzz_input_file.h"

#include "flipbench/config/notebook_hyperparameters.h"
#include "flipbench/config/run_config.h"
#include "flipbench/util/errors.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return 0;
    try {
        const auto mapping = flipbench::mapNotebookHyperparameters(json);
        (void)flipbench::toJson(mapping.config);
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    return 0;
}
