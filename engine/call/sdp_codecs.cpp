#include "engine/call/sdp_codecs.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "libs/base/text.hpp"

namespace ctib::call {
namespace {

struct StaticPayload {
  std::string_view pt;
  std::string_view name;
};
// RFC 3551 static payload types a phone may offer without an a=rtpmap line.
constexpr std::array<StaticPayload, 8> kStaticPayloads{{
    {"0", "PCMU"},
    {"3", "GSM"},
    {"4", "G723"},
    {"8", "PCMA"},
    {"9", "G722"},
    {"13", "CN"},
    {"15", "G728"},
    {"18", "G729"},
}};

constexpr std::string_view kTelephoneEvent = "telephone-event";

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto end = s.find(sep, start);
    if (end == std::string_view::npos) {
      out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  for (auto w : split(s, ' ')) {
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

// The payload type an attribute line is about: "a=rtpmap:8 PCMA/8000" → "8".
std::optional<std::string_view> attribute_pt(std::string_view line) {
  for (std::string_view prefix : {"a=rtpmap:", "a=fmtp:", "a=rtcp-fb:"}) {
    if (line.substr(0, prefix.size()) == prefix) {
      auto rest = line.substr(prefix.size());
      return rest.substr(0, rest.find(' '));
    }
  }
  return std::nullopt;
}

// One media section: the m= line and the lines up to the next m=.
struct Section {
  std::string_view m_line;
  std::vector<std::string_view> lines;
};

struct MLine {
  std::string_view media;
  std::string_view port;
  std::string_view proto;
  std::vector<std::string_view> formats;
};

std::optional<MLine> parse_m_line(std::string_view line) {
  auto w = words(line.substr(2));
  if (w.size() < 3) return std::nullopt;
  MLine m{w[0], w[1], w[2], {}};
  m.formats.assign(w.begin() + 3, w.end());
  return m;
}

std::string_view encoding_name(std::string_view pt, const std::vector<std::string_view>& lines) {
  for (auto line : lines) {
    if (line.substr(0, 9) != "a=rtpmap:") continue;
    auto rest = line.substr(9);
    const auto space = rest.find(' ');
    if (space == std::string_view::npos || rest.substr(0, space) != pt) continue;
    auto name = base::trim(rest.substr(space + 1));
    return name.substr(0, name.find('/'));
  }
  for (const auto& s : kStaticPayloads) {
    if (s.pt == pt) return s.name;
  }
  return {};
}

// The payload types to keep, in output order; empty when no codec matched.
std::vector<std::string_view> choose_formats(const MLine& m, const std::vector<std::string_view>& lines,
                                             const std::vector<std::string>& wanted) {
  std::vector<std::string_view> kept;
  auto add = [&kept](std::string_view pt) {
    if (std::find(kept.begin(), kept.end(), pt) == kept.end()) kept.push_back(pt);
  };
  for (const auto& codec : wanted) {
    for (auto pt : m.formats) {
      if (base::iequals(encoding_name(pt, lines), codec)) add(pt);
    }
  }
  if (kept.empty()) return kept;
  for (auto pt : m.formats) {
    if (base::iequals(encoding_name(pt, lines), kTelephoneEvent)) add(pt);
  }
  return kept;
}

std::string join_m_line(const MLine& m, std::string_view port, const std::vector<std::string_view>& formats) {
  std::string out = "m=";
  out.append(m.media).append(" ").append(port).append(" ").append(m.proto);
  for (auto f : formats) out.append(" ").append(f);
  return out;
}

struct SectionResult {
  std::vector<std::string> lines;
  bool rtp = false;
  bool kept_codec = false;
};

SectionResult filter_section(const Section& s, const std::vector<std::string>& wanted) {
  SectionResult r;
  const auto m = parse_m_line(s.m_line);
  r.rtp = m && m->proto.find("RTP/") != std::string_view::npos;
  if (!r.rtp) {
    r.lines.emplace_back(s.m_line);
    for (auto l : s.lines) r.lines.emplace_back(l);
    return r;
  }
  const auto kept = choose_formats(*m, s.lines, wanted);
  r.kept_codec = !kept.empty();
  if (!r.kept_codec) {
    // Rejected stream (RFC 3264 §6): port 0, everything else as offered.
    r.lines.push_back(join_m_line(*m, "0", m->formats));
    for (auto l : s.lines) r.lines.emplace_back(l);
    return r;
  }
  r.lines.push_back(join_m_line(*m, m->port, kept));
  for (auto l : s.lines) {
    const auto pt = attribute_pt(l);
    if (pt && *pt != "*" && std::find(kept.begin(), kept.end(), *pt) == kept.end()) continue;
    r.lines.emplace_back(l);
  }
  return r;
}

}  // namespace

std::vector<std::string> parse_codec_list(std::string_view codecs) {
  std::vector<std::string> out;
  for (auto item : split(codecs, ',')) {
    auto name = base::trim(item.substr(0, item.find('@')));
    if (!name.empty()) out.emplace_back(name);
  }
  return out;
}

base::Expected<std::string, CodecFilterError> filter_codecs(std::string_view sdp, std::string_view codecs) {
  const bool crlf = sdp.find("\r\n") != std::string_view::npos;
  const std::string_view eol = crlf ? "\r\n" : "\n";
  const bool trailing_eol = sdp.size() >= eol.size() && sdp.substr(sdp.size() - eol.size()) == eol;
  auto body = trailing_eol ? sdp.substr(0, sdp.size() - eol.size()) : sdp;

  std::vector<std::string_view> session;
  std::vector<Section> sections;
  for (auto line : split(body, '\n')) {
    // Every trailing CR goes, not just one: a stray CR before the line end
    // would otherwise turn into a line of its own on the next pass, and the
    // filter must give the same SDP when run on its own output (fuzzed).
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, 2) == "m=") {
      sections.push_back({line, {}});
    } else if (sections.empty()) {
      session.push_back(line);
    } else {
      sections.back().lines.push_back(line);
    }
  }

  const auto wanted = parse_codec_list(codecs);
  std::string out;
  auto emit = [&out, eol](std::string_view line) { out.append(line).append(eol); };
  for (auto l : session) emit(l);
  bool any_rtp = false;
  bool any_kept = false;
  for (const auto& s : sections) {
    auto r = filter_section(s, wanted);
    any_rtp = any_rtp || r.rtp;
    any_kept = any_kept || r.kept_codec;
    for (const auto& l : r.lines) emit(l);
  }
  if (any_rtp && !any_kept) {
    return base::unexpected(CodecFilterError{"no offered codec is in absolute_codec_string '" +
                                             std::string(codecs) + "'"});
  }
  if (!trailing_eol && !out.empty()) out.resize(out.size() - eol.size());
  return out;
}

}  // namespace ctib::call
