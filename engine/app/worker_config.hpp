#pragma once
// What each of N engine workers gets of its own (decision 0020): the
// configuration file is one, but two processes must not share a spool
// directory (the call journal and the spooled hangups are one writer's),
// a registrations database file, or the admin API's port. Gateway
// registrations are sent by worker 0 only (one binding per gateway at the
// carrier, as with one process); every worker pings its gateways.

#include "engine/config/config.hpp"

namespace ctib::app {

// With one worker the configuration is left as it is.
void adjust_for_worker(config::EngineConfig& cfg, unsigned index, unsigned count);

}  // namespace ctib::app
