// .npy files (logits.npy, labels.npy, .result members): readNpy.
#include "fuzz_input_file.h"

#include "flipbench/pytorch/npy.h"
#include "flipbench/util/errors.h"

#include <torch/torch.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto file = flipbench::fuzz::writeInput(data, size, "array.npy");
    try {
        const auto tensor = flipbench::readNpy(file);
        // A tensor that was read must be usable: touch every element.
        if (tensor.numel() > 0)
            (void)tensor.sum().item<double>();
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    return 0;
}
