#pragma once
// Builds the edge protections from the configuration (docs/security.md):
// the pike table's options and the SocketGuard over every profile's
// sockets, with the descriptor budget that keeps a reserve for the routing
// interface's connections.

#include <spdlog/logger.h>

#include "engine/config/config.hpp"
#include "engine/edge/pike.hpp"
#include "engine/edge/socket_guard.hpp"
#include "engine/registrar/registrar.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::app {

edge::Pike::Options pike_options(const config::EngineConfig& cfg);

// Descriptors kept out of SIP's reach: http-connections-per-host for every
// distinct routing host (scheme://host:port of every route), plus 256 for
// files, the spool, SQLite, the admin API and sofia's own sockets.
std::uint64_t descriptor_reserve(const config::EngineConfig& cfg);

// After the profiles are bound. `registrar`, `pike`, `gate` and `log` outlive it.
edge::SocketGuard make_socket_guard(loop::EventLoop& loop, const config::EngineConfig& cfg,
                                    const registrar::Registrar& registrar, edge::Pike& pike,
                                    edge::DatagramGate& gate, spdlog::logger& log);

}  // namespace ctib::app
