// The [media] section: the rtpengine set the engine anchors calls through
// (docs/media.md, decision 0012). Addresses as Kamailio's rtpengine sets
// write them: "udp:10.0.0.5:2223=2" (the udp: prefix optional, =weight
// optional, [v6]:port for IPv6).
#include <arpa/inet.h>

#include "engine/config/sections.hpp"
#include "libs/base/text.hpp"

namespace ctib::config {

namespace {

bool numeric_ip(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::optional<RtpengineAddress> parse_rtpengine(std::string_view text) {
  if (text.substr(0, 4) == "udp:") text.remove_prefix(4);
  RtpengineAddress a;
  if (auto eq = text.rfind('='); eq != std::string_view::npos) {
    auto w = base::parse_int(text.substr(eq + 1));
    if (!w || *w < 0 || *w > 1000) return std::nullopt;
    a.weight = static_cast<unsigned>(*w);
    text = text.substr(0, eq);
  }
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || text.substr(close + 1, 1) != ":") return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto p = base::parse_int(port);
  if (!p || *p < 1 || *p > 65535) return std::nullopt;
  a.host = std::string(host);
  a.port = static_cast<std::uint16_t>(*p);
  if (!numeric_ip(a.host)) return std::nullopt;
  return a;
}

}  // namespace

void read_media(const toml::table& media, std::string_view source, EngineConfig& cfg) {
  detail::TableReader r(media, "media", source);
  MediaConfig m;
  for (const std::string& s : r.strings("rtpengine")) {
    auto a = parse_rtpengine(s);
    if (!a) r.fail("rtpengine", "'" + s + "' is not [udp:]IP:PORT[=WEIGHT] (numeric IP, [v6]:port for IPv6)");
    m.rtpengine.push_back(*a);
  }
  if (m.rtpengine.empty()) r.fail("rtpengine", "required when [media] is present: at least one ng address");
  m.timeout_ms = static_cast<unsigned>(r.integer("timeout-ms", 10, 60000).value_or(1000));
  m.retries = static_cast<unsigned>(r.integer("retries", 0, 10).value_or(2));
  m.disable_seconds = static_cast<unsigned>(r.integer("disable-seconds", 0, 86400).value_or(60));
  const std::string fallback = r.string("media-fallback").value_or("hangup");
  if (fallback != "hangup" && fallback != "bypass")
    r.fail("media-fallback", "must be \"hangup\" or \"bypass\"");
  m.fallback_bypass = fallback == "bypass";
  if (auto cause = r.string("failure-cause")) {
    auto parsed = causes::parse(*cause);
    if (!parsed) r.fail("failure-cause", "'" + *cause + "' is not a hangup cause name or number");
    m.failure_cause = *parsed;
  }
  if (r.node("transcode") != nullptr) m.transcode = r.strings("transcode");
  m.recordings_dir = r.string("recordings-dir").value_or("");
  m.rtpengine_recording_dir = r.string("rtpengine-recording-dir").value_or("");
  if (m.recordings_dir.empty() != m.rtpengine_recording_dir.empty())
    r.fail(m.recordings_dir.empty() ? "recordings-dir" : "rtpengine-recording-dir",
           "recording needs both recordings-dir and rtpengine-recording-dir");
  m.recording_wait_ms = static_cast<unsigned>(r.integer("recording-wait-ms", 100, 600000).value_or(5000));
  if (auto listen = r.string("dtmf-listen")) {
    auto a = parse_rtpengine(*listen);
    if (!a || listen->find('=') != std::string::npos || listen->substr(0, 4) == "udp:")
      r.fail("dtmf-listen", "'" + *listen + "' is not IP:PORT (numeric IP, [v6]:port for IPv6)");
    m.dtmf_listen = *a;
  }
  if (auto dir = r.string("tone-dir")) {
    if (dir->empty() || dir->front() != '/') r.fail("tone-dir", "must be an absolute directory path");
    m.tone_dir = *dir;
  }
  r.reject_unknown_keys();
  cfg.media = std::move(m);
}

}  // namespace ctib::config
