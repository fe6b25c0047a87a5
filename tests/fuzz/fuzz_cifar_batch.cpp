// CIFAR-10 binary batches (data_batch_N.bin, test_batch.bin) and batches.meta.txt.
#include "fuzz_input_file.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto batch = flipbench::fuzz::writeInput(data, size, "data_batch_1.bin");
    try {
        (void)flipbench::readCifarBatchFile(batch, 10);
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    const auto meta = flipbench::fuzz::writeInput(data, size, "batches.meta.txt");
    try {
        (void)flipbench::readCifarClassNames(meta);
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    return 0;
}
