// torch.save files (ZIP + pickle + storages): loadTorchFile, what import-model and PyTorch
// references read. A DataError is the expected answer to a bad file; anything else is a finding.
#include "fuzz_input_file.h"

#include "flipbench/pytorch/torch_file.h"
#include "flipbench/util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto file = flipbench::fuzz::writeInput(data, size, "model.pth");
    try {
        const auto value = flipbench::loadTorchFile(file);
        (void)value->describe();
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    return 0;
}
