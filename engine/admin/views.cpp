#include "engine/admin/views.hpp"

#include <cstdio>
#include <ctime>
#include <string>

namespace ctib::admin {

using nlohmann::json;

namespace {

json time_or_null(const std::optional<std::chrono::system_clock::time_point>& t) {
  return t ? json(rfc3339(*t)) : json(nullptr);
}

}  // namespace

std::string rfc3339(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
  const long long millis = ((ms % 1000) + 1000) % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::string redact_query(std::string_view url) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, q + 1));
  std::string_view query = url.substr(q + 1);
  bool first = true;
  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (!first) out += '&';
    first = false;
    out += pair.substr(0, eq);
    if (eq != std::string_view::npos) out += "=***";
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return out;
}

json to_json(const StatusView& s) {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(s.now - s.started_at).count();
  return json{
      {"version", s.version},
      {"uptime_seconds", uptime < 0 ? 0 : uptime},
      {"started_at", rfc3339(s.started_at)},
      {"calls",
       {{"up", s.calls_up},
        {"peak", s.calls_peak},
        {"total", s.calls_total},
        {"per_second_1s", s.rates.per_second_1s},
        {"per_second_10s", s.rates.per_second_10s},
        {"per_second_60s", s.rates.per_second_60s},
        {"max", s.max_calls}}},
      {"accepting", !s.paused && !s.draining && !s.shedding},
      {"paused", s.paused},
      {"draining", s.draining},
      {"load_guard",
       {{"shedding", s.shedding},
        {"idle_percent", s.idle_percent},
        {"min_idle_cpu", s.min_idle_cpu},
        {"shed_total", s.shed_total}}},
      {"profiles", s.profiles},
      {"gateways", s.gateways},
  };
}

json to_json(const call::CallView& c, bool detailed) {
  json j{
      {"uuid", c.uuid},
      {"state", c.state},
      {"direction", "inbound"},
      {"profile", c.profile},
      {"caller", c.caller},
      {"callee", c.callee},
      {"caller_ip", c.caller_ip},
      {"sip_call_id", c.sip_call_id},
      {"target", c.target ? json(*c.target) : json(nullptr)},
      {"created_at", rfc3339(c.created_at)},
      {"answered_at", time_or_null(c.answered_at)},
      {"routing_ms", c.routing_ms ? json(c.routing_ms->count()) : json(nullptr)},
  };
  if (!detailed) return j;
  json timeline = json::array();
  for (const auto& e : c.timeline) {
    timeline.push_back({{"at_ms", e.at.count()}, {"kind", call::name(e.kind)}, {"detail", e.detail}});
  }
  j["timeline"] = std::move(timeline);
  if (c.timeline_dropped > 0) j["timeline_dropped"] = c.timeline_dropped;
  if (c.hangup_cause) j["hangup_cause"] = causes::name(*c.hangup_cause);
  if (c.sip_status) j["sip_status"] = *c.sip_status;
  return j;
}

namespace {

void append_string(std::string& out, std::string_view s) {
  for (const char ch : s) {
    if (static_cast<unsigned char>(ch) >= 0x80) {
      out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
      return;
    }
  }
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_time(std::string& out, const std::optional<std::chrono::system_clock::time_point>& t) {
  if (t) {
    out += '"';
    out += rfc3339(*t);
    out += '"';
  } else {
    out += "null";
  }
}

}  // namespace

void append_summary_json(std::string& out, const call::CallView& c) {
  // nlohmann's object order (keys sorted), so both writers give the same text.
  out += "{\"answered_at\":";
  append_time(out, c.answered_at);
  out += ",\"callee\":";
  append_string(out, c.callee);
  out += ",\"caller\":";
  append_string(out, c.caller);
  out += ",\"caller_ip\":";
  append_string(out, c.caller_ip);
  out += ",\"created_at\":";
  append_time(out, c.created_at);
  out += ",\"direction\":\"inbound\",\"profile\":";
  append_string(out, c.profile);
  out += ",\"routing_ms\":";
  out += c.routing_ms ? std::to_string(c.routing_ms->count()) : std::string("null");
  out += ",\"sip_call_id\":";
  append_string(out, c.sip_call_id);
  out += ",\"state\":";
  append_string(out, c.state);
  out += ",\"target\":";
  if (c.target) {
    append_string(out, *c.target);
  } else {
    out += "null";
  }
  out += ",\"uuid\":";
  append_string(out, c.uuid);
  out += '}';
}

json to_json(const gateways::GatewayView& g) {
  return json{
      {"name", g.name},
      {"profile", g.profile},
      {"proxy", g.proxy},
      {"state", gateways::name(g.state)},
      {"status", gateways::name(g.status)},
      {"register", g.register_},
      {"ping", g.ping},
      {"ping_count", g.ping_count},
      {"last_ping_at", time_or_null(g.last_ping_at)},
      {"last_registration_at", time_or_null(g.last_registration_at)},
      {"failures", g.failures},
      {"calls_in", g.calls_in},
      {"calls_out", g.calls_out},
  };
}

json to_json(const ProfileView& p) {
  return json{
      {"name", p.name},
      {"sip_ip", p.sip_ip},
      {"sip_port", p.sip_port},
      {"ext_sip_ip", p.ext_sip_ip},
      {"route", p.route ? json(redact_query(*p.route)) : json(nullptr)},
      {"calls", p.calls},
      {"registrations", p.registrations},
      {"state", p.state},
  };
}

json to_json(const registrar::Binding& b, std::chrono::system_clock::time_point now) {
  const auto at = b.aor.find('@');
  const auto expires_in = std::chrono::duration_cast<std::chrono::seconds>(b.expires_at - now).count();
  return json{
      {"user", b.aor.substr(0, at)},
      {"domain", at == std::string::npos ? std::string() : b.aor.substr(at + 1)},
      {"contact", b.contact},
      {"expires_at", rfc3339(b.expires_at)},
      {"expires_in", expires_in < 0 ? 0 : expires_in},
      {"network_ip", b.received_ip},
      {"network_port", b.received_port},
      {"transport", b.transport},
      {"user_agent", b.user_agent},
      {"call_id", b.call_id},
  };
}

}  // namespace ctib::admin
