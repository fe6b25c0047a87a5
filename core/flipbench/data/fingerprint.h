#pragma once

#include "flipbench/data/image_set.h"

#include <string>

namespace flipbench {

/// A stable hash of a set's images and labels, e.g. "fnv1a64:0123456789abcdef:n=10000". Stored with
/// every run so that runs evaluated on different test sets are never compared silently.
std::string datasetFingerprint(const ImageSet& set);

} // namespace flipbench
