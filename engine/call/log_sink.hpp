#pragma once
// Where the call core writes its log lines. Injected by the composition root
// (no global logger); each line already names the call's uuid.

#include <functional>
#include <string_view>

namespace ctib::call {

using LogSink = std::function<void(std::string_view line)>;

}  // namespace ctib::call
