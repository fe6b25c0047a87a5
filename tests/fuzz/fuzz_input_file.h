#pragma once
// Most readers of Flipbench take a path (they are handed files by users), so a fuzz input is
// written to a file first. The file lives in memory (/dev/shm where it exists) and is reused for
// every input of the process, so the write costs microseconds, not a disk round trip.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace flipbench::fuzz {

/// A folder of this process for fuzz inputs; created on first use.
inline const std::filesystem::path& inputFolder()
{
    static const std::filesystem::path folder = [] {
        const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
        auto dir = base / ("flipbench-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        return dir;
    }();
    return folder;
}

/// Writes the input under `name` in inputFolder() and returns its path.
inline std::filesystem::path writeInput(const uint8_t* data, size_t size, const std::string& name)
{
    const auto file = inputFolder() / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", file.c_str());
        std::abort();
    }
    return file;
}

/// Anything but a user-facing error is a finding: the CLI would report it as "unexpected error"
/// with a message written for no user. Prints it and aborts so that libFuzzer keeps the input.
[[noreturn]] inline void unexpected(const char* what)
{
    std::fprintf(stderr, "fuzz: an exception that is not a UserError escaped: %s\n", what);
    std::abort();
}

} // namespace flipbench::fuzz
