// libFuzzer: parse_headers over arbitrary header values, and verify on
// whatever parses. Input: three values separated by '\n'.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "libs/signing/signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 2; ++i) {
    const std::size_t nl = input.find('\n', start);
    if (nl == std::string::npos) break;
    parts.push_back(input.substr(start, nl - start));
    start = nl + 1;
  }
  parts.push_back(input.substr(start));
  auto at = [&](std::size_t i) -> const std::string* { return i < parts.size() ? &parts[i] : nullptr; };
  auto fields = ctib::signing::parse_headers(at(0), at(1), at(2));
  if (fields) {
    const std::vector<ctib::signing::SigningKey> keys{{fields->key_id, "fuzz-secret-000000"}};
    (void)ctib::signing::verify(*fields, keys, "GET", "/v1/cti", "", 1700000000, std::chrono::seconds(300));
  }
  return 0;
}
