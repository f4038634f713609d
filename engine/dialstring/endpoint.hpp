#pragma once
// Private to the dial-string parser. `<endpoint>/<data>` into a DialTarget
// (freeswitch-semantics §1.7).

#include <string>
#include <string_view>

#include "engine/dialstring/plan.hpp"

namespace ctib::dialstring {

// The leg text after its `[]` blocks, split at the first '/'. A leg without
// '/' names an endpoint with empty data, as FreeSWITCH's strchr() split does.
DialTarget make_target(std::string_view leg_text);

// The endpoint parsers behind make_target(), one per supported module.
DialTarget parse_sofia(std::string_view data);  // sofia.cpp
DialTarget parse_user(std::string_view data);
DialTarget parse_error(std::string_view data);

FailTarget fail(causes::HangupCause cause, std::string detail);

}  // namespace ctib::dialstring
