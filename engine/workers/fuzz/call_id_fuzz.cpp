// libFuzzer: the Call-ID reader over untrusted datagrams. What it returns
// must lie inside the datagram, be non-empty, hold no line break and start
// and end with no blank; the owner must be in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/workers/ownership.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view datagram(reinterpret_cast<const char*>(data), size);
  const auto id = ctib::workers::call_id_of(datagram);
  if (!id) return 0;
  if (id->empty() || id->data() < datagram.data() ||
      id->data() + id->size() > datagram.data() + datagram.size()) {
    std::abort();
  }
  if (id->find('\n') != std::string_view::npos || id->front() == ' ' || id->back() == ' ') std::abort();
  const ctib::workers::Ownership three{1, 3};
  if (three.owner_of(*id) >= 3) std::abort();
  return 0;
}
