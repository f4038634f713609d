// libFuzzer target: parse_record() on any line, and what it accepts must
// encode back to a line that parses to the same record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/events/journal_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto record = ctib::events::parse_record(line);
  if (!record) return 0;
  std::string again = ctib::events::encode_record(*record);
  if (again.empty() || again.back() != '\n') __builtin_trap();
  again.pop_back();
  auto reparsed = ctib::events::parse_record(again);
  if (!reparsed) __builtin_trap();
  // Strings that were not valid UTF-8 cannot be in an accepted record (the
  // JSON parser refuses them), so the round trip is exact.
  if (!(*reparsed == *record)) __builtin_trap();
  return 0;
}
