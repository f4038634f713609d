#include "numbers/push/callback_url.hpp"

#include <algorithm>

namespace ctib::numbers::push {

std::string check_callback_url(std::string_view url) {
  if (url.size() > kMaxCallbackUrl) return "must be at most 2048 characters";
  std::string_view rest;
  if (url.starts_with("http://"))
    rest = url.substr(7);
  else if (url.starts_with("https://"))
    rest = url.substr(8);
  else
    return "must be an http:// or https:// URL";
  // The URL goes to curl and into logs: no spaces or control bytes.
  if (!std::all_of(url.begin(), url.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return "must not contain spaces or control characters";
  }
  const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.front() == ':' || host.find('@') != std::string_view::npos) {
    return "must name a host (and no user:password@)";
  }
  return "";
}

}  // namespace ctib::numbers::push
