#pragma once

// The devices of this build and machine by name, without LibTorch types: what the GUI needs to
// offer and check a device (device.h has the torch::Device functions).

#include <string>
#include <vector>

namespace flipbench {

/// The device a spec ("auto", "cpu", "cuda", "cuda:N") names, as LibTorch writes it: "cpu",
/// "cuda:0". Throws ConfigError (field train.device) as resolveDevice does.
std::string resolveDeviceName(const std::string& spec);

/// Devices a user can pick: "cpu" and each "cuda:N".
std::vector<std::string> availableDevices();

} // namespace flipbench
