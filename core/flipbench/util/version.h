#pragma once

#include <string>

namespace flipbench {

std::string flipbenchVersion();
std::string libtorchVersion();

} // namespace flipbench
