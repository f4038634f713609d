#pragma once
// Where the call core writes its log lines. Injected by the composition root
// (no global logger), one sink per call: the sink puts the call's uuid on
// each line (libs/logging/call_log.hpp), so the lines do not name it.

#include <functional>
#include <string_view>

namespace ctib::call {

using LogSink = std::function<void(std::string_view line)>;

}  // namespace ctib::call
