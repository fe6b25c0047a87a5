// The ZIP reader under torch.save files: the central directory, local headers, member reads.
#include "fuzz_input_file.h"

#include "flipbench/pytorch/zip_archive.h"
#include "flipbench/util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto file = flipbench::fuzz::writeInput(data, size, "archive.zip");
    try {
        const flipbench::ZipArchive zip(file);
        for (const auto& name : zip.names()) {
            try {
                (void)zip.read(name);
            } catch (const flipbench::UserError&) {
            }
        }
    } catch (const flipbench::UserError&) {
    } catch (const std::exception& e) {
        flipbench::fuzz::unexpected(e.what());
    }
    return 0;
}
