// Run configs (config.json, what `train CONFIG.json` reads): JSON text, then parseRunConfig. A config
// that parses must survive its own round trip: toJson then parseRunConfig gives the same JSON.
#include "fuzz_input_file.h"

#include "flipbench/config/run_config.h"
#include "flipbench/util/errors.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return 0;
    try {
        const auto config = flipbench::parseRunConfig(json);
        const auto written = flipbench::toJson(config);
        if (flipbench::toJson(flipbench::parseRunConfig(written)) != written) {
            std::fprintf(stderr, "fuzz: a run config does not survive toJson/parseRunConfig:\n%s\n",
                         written.dump(2).c_str());
            std::abort();
        }
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    return 0;
}
