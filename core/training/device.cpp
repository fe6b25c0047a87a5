#include "flipbench/training/device.h"

#include "flipbench/util/errors.h"

#include <torch/cuda.h>
#include <torch/utils.h>

#include <thread>

#ifdef __linux__
#include <sched.h>
#endif

namespace flipbench {

torch::Device resolveDevice(const std::string& spec)
{
    if (spec == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (spec == "cpu")
        return torch::Device(torch::kCPU);
    if (spec.rfind("cuda", 0) == 0) {
        if (!torch::cuda::is_available())
            throw ConfigError("train.device: \"" + spec +
                              "\" requested but CUDA is not available (this LibTorch build is CPU-only or no GPU "
                              "is visible); use \"cpu\" or \"auto\"");
        const int index = spec.size() > 5 ? std::stoi(spec.substr(5)) : 0;
        const auto count = static_cast<int>(torch::cuda::device_count());
        if (index >= count)
            throw ConfigError("train.device: \"" + spec + "\" requested but only " + std::to_string(count) +
                              " CUDA device(s) are visible (cuda:0..cuda:" + std::to_string(count - 1) + ")");
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    throw ConfigError("train.device: \"" + spec + "\" is not a device; use auto, cpu, cuda or cuda:N");
}

std::string resolveDeviceName(const std::string& spec)
{
    return resolveDevice(spec).str();
}

std::string describeDevice(const torch::Device& device)
{
    if (device.is_cpu())
        return "cpu (" + std::to_string(torch::get_num_threads()) + " threads)";
    return device.str();
}

std::vector<std::string> availableDevices()
{
    std::vector<std::string> devices = {"cpu"};
    if (torch::cuda::is_available())
        for (size_t i = 0; i < torch::cuda::device_count(); ++i)
            devices.push_back("cuda:" + std::to_string(i));
    return devices;
}

int configureCpuThreads(int requested)
{
    int threads = requested;
    if (threads <= 0) {
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
#ifdef __linux__
        // In a container or under taskset the process may use fewer cores than the machine has.
        cpu_set_t set;
        if (sched_getaffinity(0, sizeof set, &set) == 0)
            threads = std::max(1, CPU_COUNT(&set));
#endif
    }
    torch::set_num_threads(threads);
    return torch::get_num_threads();
}

} // namespace flipbench
