#pragma once
// Which engine worker owns a SIP message (decision 0020): the one whose
// index is hash(Call-ID) % workers. Every worker computes the same answer
// from the message alone, so a datagram that reached the wrong worker (the
// kernel spreads them over the workers' sockets by source address) is
// handed to its owner, and a B-leg Call-ID minted by a worker hashes back
// to it.
//
// call_id_of reads the Call-ID of an untrusted datagram (request or
// response): the value of the first Call-ID (or compact `i`) header, with
// the blanks around it trimmed, exactly the bytes a peer echoes. A message
// that has none, or a folded one, has no owner: the worker that read it
// keeps it (sofia-sip then answers or drops it as before).
//
// Threading: pure functions.

#include <cstdint>
#include <optional>
#include <string_view>

namespace ctib::workers {

// A view into `datagram`.
std::optional<std::string_view> call_id_of(std::string_view datagram) noexcept;

// FNV-1a (32 bits): cheap, stable across processes and builds.
std::uint32_t call_id_hash(std::string_view call_id) noexcept;

struct Ownership {
  unsigned index = 0;  // this worker, 0 ≤ index < count
  unsigned count = 1;  // 1: one worker, everything is its own

  [[nodiscard]] unsigned owner_of(std::string_view call_id) const noexcept {
    return count <= 1 ? 0 : call_id_hash(call_id) % count;
  }
  [[nodiscard]] bool owns(std::string_view call_id) const noexcept { return owner_of(call_id) == index; }
};

}  // namespace ctib::workers
