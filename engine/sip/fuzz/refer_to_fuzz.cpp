// libFuzzer target for the Refer-To / Referred-By parsers (refer_to.hpp):
// untrusted text from a REFER. Whatever they accept must hold what the
// call core relies on: a host that is a host, a user without control bytes.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/sip/refer_to.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  if (auto r = ctib::sip::parse_refer_to(input)) {
    if (r->host.empty() || r->uri.empty()) std::abort();
    for (char c : r->user) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f) std::abort();
    }
    if (r->uri.find('?') != std::string::npos) std::abort();
  }
  if (auto by = ctib::sip::parse_referred_by(input)) {
    if (by->find('\r') != std::string::npos || by->find('\n') != std::string::npos) std::abort();
  }
  return 0;
}
