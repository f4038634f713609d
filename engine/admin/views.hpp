#pragma once
// The JSON bodies of the engine's admin API (docs/admin-api.md): plain
// snapshots gathered on the engine loop become JSON here, on the admin
// thread, so the loop only copies and never serialises.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/b2bua/call_counters.hpp"
#include "engine/call/view.hpp"
#include "engine/gateways/manager.hpp"
#include "engine/registrar/bindings.hpp"

namespace ctib::admin {

// "2026-12-03T07:38:52.123Z" (RFC 3339, UTC, milliseconds).
std::string rfc3339(std::chrono::system_clock::time_point t);

// A URL with every query value replaced by "***" (a routing secret must not
// leave through the admin API): "http://h/cti?secret=***".
std::string redact_query(std::string_view url);

struct StatusView {
  std::string version;
  std::chrono::system_clock::time_point started_at;
  std::chrono::system_clock::time_point now;
  std::size_t calls_up = 0;
  std::size_t calls_peak = 0;
  std::uint64_t calls_total = 0;
  b2bua::CallRates rates;
  int max_calls = 0;
  bool paused = false;
  bool draining = false;
  bool shedding = false;
  double idle_percent = 100;
  int min_idle_cpu = 0;
  std::uint64_t shed_total = 0;
  std::size_t profiles = 0;
  std::size_t gateways = 0;
};

struct ProfileView {
  std::string name;
  std::string sip_ip;
  std::uint16_t sip_port = 0;
  std::string ext_sip_ip;
  std::optional<std::string> route;  // the URL as configured; redacted in JSON
  std::size_t calls = 0;
  std::size_t registrations = 0;
  std::string state = "RUNNING";
};

nlohmann::json to_json(const StatusView& s);
// `detailed`: the timeline and, once ended, hangup_cause and sip_status.
nlohmann::json to_json(const call::CallView& c, bool detailed);
// The summary of `c` (to_json(c, false), same keys in the same order)
// appended to `out` as JSON text, without building a JSON tree: GET
// /v1/calls lists thousands of these, and a tree per call costs more than
// the loop spends collecting them. Strings that are not ASCII go through
// nlohmann's serialiser (invalid UTF-8 replaced by U+FFFD).
void append_summary_json(std::string& out, const call::CallView& c);
nlohmann::json to_json(const gateways::GatewayView& g);
nlohmann::json to_json(const ProfileView& p);
nlohmann::json to_json(const registrar::Binding& b, std::chrono::system_clock::time_point now);

}  // namespace ctib::admin
