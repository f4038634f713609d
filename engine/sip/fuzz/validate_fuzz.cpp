// libFuzzer target for the outbound edge checks: whatever the call core
// passes (often copied from a network-derived A-leg), validation must not
// crash, and anything it accepts must be something sofia parses.

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/url.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/sip/internal/nua.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  using namespace ctib::sip;
  if (!detail::check_uri(input).has_value()) {
    su_home_t* home = static_cast<su_home_t*>(su_home_new(sizeof(su_home_t)));
    if (url_make(home, input.c_str()) == nullptr) {
      std::abort();  // accepted a URI sofia cannot parse
    }
    su_home_unref(home);
  }
  // Split the input three ways into display / user / host.
  const std::size_t a = size / 3;
  const std::size_t b = 2 * size / 3;
  (void)detail::format_name_addr(NameAddr{input.substr(0, a), input.substr(a, b - a), input.substr(b)});
  (void)detail::check_reason(input);
  (void)detail::check_headers(Headers{{input.substr(0, a), input.substr(a)}});
  return 0;
}
