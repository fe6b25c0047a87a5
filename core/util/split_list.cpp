#include "flipbench/util/split_list.h"

namespace flipbench {

std::vector<std::string> splitList(const std::string& text, char separator)
{
    std::vector<std::string> items;
    size_t begin = 0;
    for (size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, begin)) {
        items.push_back(text.substr(begin, at - begin));
        begin = at + 1;
    }
    items.push_back(text.substr(begin));
    return items;
}

} // namespace flipbench
