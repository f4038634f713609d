// libFuzzer target: parse_record() on any line, as read and with a valid
// checksum put in front (so the fuzzer reaches the JSON field checks without
// having to find the checksum first); what it accepts must encode back to a
// line that parses to the same record.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/events/journal_record.hpp"

namespace {

// The journal's checksum (FNV-1a 32, journal_record.cpp), for signing inputs.
std::string signed_line(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  std::array<char, 9> hex{};
  std::snprintf(hex.data(), hex.size(), "%08x", h);
  return std::string(hex.data(), 8) + " " + std::string(text);
}

void check(std::string_view line) {
  auto record = ctib::events::parse_record(line);
  if (!record) return;
  std::string again = ctib::events::encode_record(*record);
  if (again.empty() || again.back() != '\n') __builtin_trap();
  again.pop_back();
  auto reparsed = ctib::events::parse_record(again);
  // Strings that were not valid UTF-8 cannot be in an accepted record (the
  // JSON parser refuses them), so the round trip is exact.
  if (!reparsed || !(*reparsed == *record)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  check(line);
  check(signed_line(line));
  return 0;
}
