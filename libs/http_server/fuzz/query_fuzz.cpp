// libFuzzer target for the server's query-string and path decoding (every
// request target goes through it before any handler sees it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "libs/http_server/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string, std::string>> query;
  ctib::http_server::parse_query(text, query);
  std::string decoded;
  ctib::http_server::percent_decode(text, decoded);
  return 0;
}
