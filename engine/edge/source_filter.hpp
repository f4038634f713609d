#pragma once
// Has the kernel drop packets from given IPv4 sources on one socket, before
// any process reads them: a classic BPF socket filter (SO_ATTACH_FILTER)
// that loads the IPv4 source address and returns 0 (drop) on a match.
// On a UDP socket a banned source's datagrams never reach sofia-sip (no
// parse, no transaction); on a TCP listener its SYNs are dropped (no
// connection, no descriptor). IPv6 sources are not filtered.
//
// Threading: any; the kernel swaps filters atomically.

#include <cstddef>
#include <string>
#include <vector>

namespace ctib::edge {

// Room for this many sources (two BPF instructions each; the kernel takes 4096).
inline constexpr std::size_t kMaxFilteredSources = 1000;

// Replaces `fd`'s filter with one that drops `sources` (the first
// kMaxFilteredSources IPv4 literals; others are skipped); an empty list
// removes the filter. False when the kernel refused it.
bool drop_sources(int fd, const std::vector<std::string>& sources);

}  // namespace ctib::edge
