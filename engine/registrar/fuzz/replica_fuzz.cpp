// libFuzzer: the workers' registration messages (decision 0020). What
// decodes must encode back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/registrar/replica.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto changes = ctib::registrar::decode_changes(bytes);
  if (!changes) return 0;
  if (ctib::registrar::encode_changes(*changes) != bytes) std::abort();
  return 0;
}
