#include "flipbench/data/image_set.h"

#include <algorithm>

namespace flipbench {

ImageSet ImageSet::first(int64_t count) const
{
    if (count <= 0 || count >= size())
        return *this;
    return slice(0, count);
}

ImageSet ImageSet::slice(int64_t begin, int64_t end) const
{
    begin = std::clamp<int64_t>(begin, 0, size());
    end = std::clamp<int64_t>(end, begin, size());
    return ImageSet{images.slice(0, begin, end), labels.slice(0, begin, end)};
}

} // namespace flipbench
