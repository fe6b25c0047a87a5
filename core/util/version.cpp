#include "flipbench/util/version.h"

#include <torch/version.h>

namespace flipbench {

std::string flipbenchVersion()
{
    return FLIPBENCH_VERSION;
}

std::string libtorchVersion()
{
    return TORCH_VERSION;
}

} // namespace flipbench
