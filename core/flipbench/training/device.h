#pragma once

#include "flipbench/training/device_names.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace flipbench {

/// "auto" (CUDA device 0 when available, else CPU), "cpu", "cuda" or "cuda:N". Throws ConfigError
/// (field train.device) when the device does not exist in this build or on this machine.
torch::Device resolveDevice(const std::string& spec);

/// Human-readable name: "CPU (2 threads)" or "cuda:0".
std::string describeDevice(const torch::Device& device);

/// Sets LibTorch's intra-op thread count (0 = one per core) and returns the count in force.
/// Debian's LibTorch starts with one thread, so this is always called deliberately.
int configureCpuThreads(int requested);

} // namespace flipbench
