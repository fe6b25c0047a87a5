// Sweep specs (`sweep SPEC.json`): readSweepSpec from the file, as the CLI and the GUI read it.
#include "fuzz_input_file.h"

#include "flipbench/sweeps/sweep_spec.h"
#include "flipbench/util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto file = flipbench::fuzz::writeInput(data, size, "sweep.json");
    try {
        (void)flipbench::readSweepSpec(file);
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    return 0;
}
