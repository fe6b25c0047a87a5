#pragma once

#include <string>
#include <vector>

namespace flipbench {

/// `text` split at every `separator` ("a,b,c" -> a, b, c); empty items are kept, so the caller can
/// refuse "a,,b" with a message instead of quietly dropping a member. "" gives one empty item.
std::vector<std::string> splitList(const std::string& text, char separator);

} // namespace flipbench
