// The lean HTTP client's untrusted input: whatever a routing or notification
// server sends back. The first byte picks where the bytes are split (reads
// end anywhere); the rest is the answer, ended by the connection closing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "libs/http/detail/lean_target.hpp"
#include "libs/http/detail/response_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t cut = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);
  ctib::http::detail::ResponseReader reader(64 * 1024);
  reader.restart();
  auto state = reader.feed(bytes.substr(0, cut));
  if (state == ctib::http::detail::ResponseReader::State::NeedMore) state = reader.feed(bytes.substr(cut));
  if (state == ctib::http::detail::ResponseReader::State::NeedMore) state = reader.eof();
  if (state == ctib::http::detail::ResponseReader::State::Done) {
    static_cast<void>(reader.keep_alive());
    static_cast<void>(reader.take());
  }
  // URLs come from configuration and routing answers: the same bytes as one.
  static_cast<void>(ctib::http::detail::lean_target(bytes));
  return 0;
}
