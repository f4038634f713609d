#pragma once
// What a callback URL may be, checked at the edges ([push] urls in the
// configuration, a binding's callback_url in the API): an absolute http://
// or https:// URL with a host, printable ASCII without spaces, at most
// 2048 characters. "" when it is, else why not.

#include <string>
#include <string_view>

namespace ctib::numbers::push {

inline constexpr std::size_t kMaxCallbackUrl = 2048;

std::string check_callback_url(std::string_view url);

}  // namespace ctib::numbers::push
