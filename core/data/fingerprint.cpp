#include "flipbench/data/fingerprint.h"

#include <cstdio>

namespace flipbench {

namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t fnv1a(uint64_t hash, const uint8_t* data, size_t size)
{
    for (size_t i = 0; i < size; ++i) {
        hash ^= data[i];
        hash *= kFnvPrime;
    }
    return hash;
}

} // namespace

std::string datasetFingerprint(const ImageSet& set)
{
    // FNV-1a over the raw pixels then the labels (as bytes): stable across platforms and versions.
    uint64_t hash = kFnvOffset;
    if (set.size() > 0) {
        const auto images = set.images.contiguous();
        hash = fnv1a(hash, images.data_ptr<uint8_t>(), static_cast<size_t>(images.numel()));
        const auto labels = set.labels.contiguous();
        const auto* label = labels.data_ptr<int64_t>();
        for (int64_t i = 0; i < labels.numel(); ++i) {
            const auto byte = static_cast<uint8_t>(label[i]);
            hash = fnv1a(hash, &byte, 1);
        }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return "fnv1a64:" + std::string(hex) + ":n=" + std::to_string(set.size());
}

} // namespace flipbench
