#include "engine/edge/stateless_request.hpp"

#include <algorithm>
#include <cctype>

namespace ctib::edge {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 3261 token characters (method names).
bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("-.!%*_+`'~").find(c) != std::string_view::npos;
}

// A value copied into the response must not carry anything that could end
// the line or the message: no control characters but HTAB.
bool clean(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  });
}

// Whether a From/To value has a tag parameter: parameters follow the
// closing '>' of a name-addr, or the whole value of an addr-spec.
bool has_tag(std::string_view value) {
  const auto close = value.rfind('>');
  std::string_view params = close == std::string_view::npos ? value : value.substr(close + 1);
  while (true) {
    const auto semi = params.find(';');
    if (semi == std::string_view::npos) return false;
    params.remove_prefix(semi + 1);
    const auto end = std::min(params.find(';'), params.size());
    std::string_view param = trim(params.substr(0, end));
    const auto eq = param.find('=');
    if (iequals(trim(param.substr(0, eq)), "tag")) return true;
  }
}

std::uint64_t fnv1a(std::uint64_t hash, std::string_view s) {
  for (const char c : s) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

std::optional<StatelessRequest> parse_stateless_request(std::string_view datagram) {
  // The header section ends at the first empty line; CRLF (or bare LF, which
  // sofia accepts too).
  std::size_t end = datagram.find("\r\n\r\n");
  const std::size_t lf_end = datagram.find("\n\n");
  if (end == std::string_view::npos || (lf_end != std::string_view::npos && lf_end < end)) end = lf_end;
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view head = datagram.substr(0, end);

  auto next_line = [&head]() {
    const auto nl = head.find('\n');
    std::string_view line = head.substr(0, nl);
    head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };

  StatelessRequest r;
  // Request line: METHOD SP Request-URI SP SIP/2.0
  std::string_view line = next_line();
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return std::nullopt;
  r.method = line.substr(0, sp1);
  if (!std::all_of(r.method.begin(), r.method.end(), token_char)) return std::nullopt;
  const auto sp2 = line.rfind(' ');
  if (sp2 == sp1 || line.substr(sp2 + 1) != "SIP/2.0") return std::nullopt;

  bool from = false, to = false, call_id = false, cseq = false;
  while (!head.empty()) {
    line = next_line();
    if (line.empty()) return std::nullopt;
    // A folded line continues a header; refuse if the header is one we copy
    // (copying it verbatim would need unfolding): simply give up on any.
    if (line.front() == ' ' || line.front() == '\t') return std::nullopt;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    auto take = [&](bool& seen, std::string_view& into) {
      if (seen || value.empty() || !clean(value)) return false;  // repeated or unusable
      seen = true;
      into = value;
      return true;
    };
    if (iequals(name, "via") || iequals(name, "v")) {
      if (value.empty() || !clean(value)) return std::nullopt;
      r.vias.push_back(value);
    } else if (iequals(name, "from") || iequals(name, "f")) {
      if (!take(from, r.from)) return std::nullopt;
    } else if (iequals(name, "to") || iequals(name, "t")) {
      if (!take(to, r.to)) return std::nullopt;
    } else if (iequals(name, "call-id") || iequals(name, "i")) {
      if (!take(call_id, r.call_id)) return std::nullopt;
    } else if (iequals(name, "cseq")) {
      if (!take(cseq, r.cseq)) return std::nullopt;
    }
  }
  if (r.vias.empty() || !from || !to || !call_id || !cseq) return std::nullopt;
  // CSeq: a number, then the request's method.
  const auto space = r.cseq.find_first_of(" \t");
  if (space == std::string_view::npos || space == 0 || space > 10) return std::nullopt;
  if (!std::all_of(r.cseq.begin(), r.cseq.begin() + static_cast<std::ptrdiff_t>(space),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
    return std::nullopt;
  if (trim(r.cseq.substr(space)) != r.method) return std::nullopt;
  r.to_tag = has_tag(r.to);
  return r;
}

std::string stateless_response(const StatelessRequest& request, const StatelessAnswer& answer,
                               std::string_view source_ip, std::uint16_t source_port) {
  std::string out;
  out.reserve(256 + request.from.size() + request.to.size() + request.call_id.size() + 64 * request.vias.size());
  out += "SIP/2.0 ";
  out += std::to_string(answer.status);
  out += ' ';
  out += answer.reason;
  out += "\r\n";
  for (std::size_t i = 0; i < request.vias.size(); ++i) {
    out += "Via: ";
    std::string_view via = request.vias[i];
    if (i == 0) {
      // The top Via's first value: up to a comma outside quotes.
      std::size_t first_end = via.size();
      bool quoted = false;
      for (std::size_t k = 0; k < via.size(); ++k) {
        if (via[k] == '"') quoted = !quoted;
        if (via[k] == ',' && !quoted) {
          first_end = k;
          break;
        }
      }
      std::string_view first = trim(via.substr(0, first_end));
      // An empty rport asks for the source port (RFC 3581 §4); a received
      // the sender put there itself is replaced by the address seen.
      std::size_t pos = 0;
      while (true) {
        const auto semi = first.find(';', pos);
        const std::string_view part =
            first.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
        const std::string_view param = trim(part.substr(0, part.find('=')));
        if (pos == 0) {
          out += part;
        } else if (iequals(trim(part), "rport")) {
          out += ";rport=" + std::to_string(source_port);
        } else if (!iequals(param, "received")) {
          out += ';';
          out += part;
        }
        if (semi == std::string_view::npos) break;
        pos = semi + 1;
      }
      out += ";received=";
      out += source_ip;
      out += via.substr(first_end);
    } else {
      out += via;
    }
    out += "\r\n";
  }
  out += "From: ";
  out += request.from;
  out += "\r\nTo: ";
  out += request.to;
  if (!request.to_tag) {
    // The same request (same Call-ID, From, CSeq) gets the same tag.
    std::uint64_t hash = fnv1a(14695981039346656037ULL, request.call_id);
    hash = fnv1a(hash, request.from);
    hash = fnv1a(hash, request.cseq);
    static constexpr char hex[] = "0123456789abcdef";
    out += ";tag=sl";
    for (int shift = 60; shift >= 0; shift -= 4) out += hex[(hash >> shift) & 0xF];
  }
  out += "\r\nCall-ID: ";
  out += request.call_id;
  out += "\r\nCSeq: ";
  out += request.cseq;
  out += "\r\n";
  out += answer.extra;
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

}  // namespace ctib::edge
