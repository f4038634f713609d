// sip_t → typed values. Runs on untrusted network input: every pointer sofia
// may leave null is checked, and nothing here keeps a pointer into the message.

#include <sofia-sip/msg_header.h>
#include <sofia-sip/url.h>

#include <sofia-sip/msg_addr.h>

#include <cctype>
#include <string>

#include "engine/sip/internal/nua.hpp"
#include "libs/base/text.hpp"

namespace ctib::sip::detail {

std::string text(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

namespace {

// `"Alice \"A\""` → `Alice "A"`; an unquoted display name is kept as is.
std::string unquote(std::string_view s) {
  s = base::trim(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
    return std::string(s);
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) {
      ++i;
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string host_port(const url_t* url) {
  std::string out = text(url->url_host);
  if (url->url_port != nullptr && *url->url_port != '\0') {
    out += ':';
    out += url->url_port;
  }
  return out;
}

// P- headers with a meaning of their own: identity headers carry the real
// calling number, so relaying them would defeat number masking; FreeSWITCH
// handles these itself and does not store them as sip_h_* either.
constexpr std::string_view kIdentityHeaders[] = {"P-Asserted-Identity", "P-Preferred-Identity",
                                                 "P-Called-Party-ID", "P-Associated-URI"};

bool is_custom_header(std::string_view name) {
  bool x_or_p =
      name.size() > 2 && name[1] == '-' && (name[0] == 'X' || name[0] == 'x' || name[0] == 'P' || name[0] == 'p');
  if (!x_or_p) return false;
  for (std::string_view identity : kIdentityHeaders) {
    if (base::iequals(name, identity)) return false;
  }
  return true;
}

}  // namespace

std::optional<Body> body_of(const sip_t* sip) {
  if (sip == nullptr || sip->sip_payload == nullptr || sip->sip_payload->pl_data == nullptr ||
      sip->sip_payload->pl_len == 0) {
    return std::nullopt;
  }
  Body body;
  body.content_type = sip->sip_content_type != nullptr ? text(sip->sip_content_type->c_type) : std::string();
  body.data.assign(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  return body;
}

Headers custom_headers_of(const sip_t* sip) {
  Headers out;
  if (sip == nullptr) {
    return out;
  }
  // sofia parses no X-*/P-* header by default, so all of them land in the
  // unknown-header list, in message order.
  for (const sip_unknown_t* u = sip->sip_unknown; u != nullptr; u = u->un_next) {
    if (u->un_name != nullptr && is_custom_header(u->un_name)) {
      out.push_back(Header{u->un_name, text(u->un_value)});
    }
  }
  return out;
}

std::optional<Reason> reason_of(const sip_t* sip) {
  if (sip == nullptr || sip->sip_reason == nullptr || sip->sip_reason->re_protocol == nullptr) {
    return std::nullopt;
  }
  const sip_reason_t* re = sip->sip_reason;
  Reason reason;
  reason.protocol = re->re_protocol;
  reason.raw = reason.protocol;
  for (const msg_param_t* p = re->re_params; p != nullptr && *p != nullptr; ++p) {
    reason.raw += ';';
    reason.raw += *p;
  }
  if (re->re_cause != nullptr) {
    if (auto n = base::parse_int(re->re_cause); n && *n >= 0 && *n < 100000) {
      reason.cause = static_cast<int>(*n);
    }
  }
  reason.text = unquote(text(re->re_text));
  return reason;
}

NameAddr name_addr_of(const sip_addr_t* addr) {
  NameAddr out;
  if (addr == nullptr) {
    return out;
  }
  out.display = unquote(text(addr->a_display));
  out.user = text(addr->a_url->url_user);
  out.host = host_port(addr->a_url);
  return out;
}

Response response_of(const NuaEvent& event) {
  Response r;
  r.status = event.status;
  r.phrase = text(event.phrase);
  r.local = event.sip == nullptr || event.sip->sip_status == nullptr;
  // A response sofia made up (timeout, transport or DNS failure) comes with
  // a full set of headers, even a To tag. What it lacks is a transport: its
  // message's address info has no protocol (observed with 1.12.11: a 503
  // for a refused TCP connection has ai_protocol 0, network responses 17/6).
  if (!r.local) {
    msg_t* msg = nua_current_request(event.nua);  // the current event's message, request or response
    const su_addrinfo_t* ai = msg != nullptr ? msg_addrinfo(msg) : nullptr;
    r.local = ai == nullptr || ai->ai_protocol == 0;
  }
  r.body = body_of(event.sip);
  r.custom_headers = custom_headers_of(event.sip);
  r.reason = reason_of(event.sip);
  return r;
}

}  // namespace ctib::sip::detail
