#pragma once
// Private to engine/sip: the sofia-sip headers and the helpers that turn
// sip_t into typed values and typed values into tag arguments. Nothing
// outside this folder includes it.

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>
#include <sofia-sip/su_wait.h>

#include <optional>
#include <string>
#include <string_view>

#include "engine/sip/types.hpp"
#include "libs/base/expected.hpp"

namespace ctib::sip {

// The C callbacks sofia calls; a struct so they can reach Profile's privates.
struct ProfileCallbacks {
  static void on_event(nua_event_t event, int status, char const* phrase, nua_t* nua, nua_magic_t* magic,
                       nua_handle_t* nh, nua_hmagic_t* hmagic, sip_t const* sip, tagi_t tags[]);
  static void on_finish_timer(su_root_magic_t* magic, su_timer_t* timer, su_timer_arg_t* arg);
};

}  // namespace ctib::sip

namespace ctib::sip::detail {

// One nua callback's arguments. Pointers are valid only during the callback.
struct NuaEvent {
  nua_event_t event;
  int status;
  const char* phrase;
  nua_t* nua;
  nua_handle_t* nh;
  const sip_t* sip;
  tagi_t* tags;
};

// ---- sip_t → typed values (headers.cpp) ----
std::string text(const char* s);
std::optional<Body> body_of(const sip_t* sip);
Headers custom_headers_of(const sip_t* sip);  // X-* and P-* only
std::optional<Reason> reason_of(const sip_t* sip);
NameAddr name_addr_of(const sip_addr_t* addr);
Response response_of(const NuaEvent& event);

// ---- typed values → wire text, validated (validate.cpp) ----
// Each returns nullopt when fine, else the error to hand back to the caller.
std::optional<Error> check_headers(const Headers& headers);
std::optional<Error> check_body(const std::optional<Body>& body);
std::optional<Error> check_reason(const std::string& reason);
std::optional<Error> check_status(int status, int min, int max);
// A SIP/SIPS URI with a valid host and port, nothing the parser would mangle.
std::optional<Error> check_uri(std::string_view uri);
// "Name: value\r\nName2: value2" for SIPTAG_HEADER_STR; "" when empty.
std::string encode_headers(const Headers& headers);
// `"Display" <sip:user@host>`; the user part is percent-escaped as needed.
base::Expected<std::string, Error> format_name_addr(const NameAddr& addr);

// ---- digest (auth.cpp) ----
// The first Digest credentials of an Authorization/Proxy-Authorization list.
std::optional<DigestCredentials> digest_credentials_of(const msg_auth_t* auth);
// Answers the 401/407 in `sip` with the account (nua_authenticate). False
// when the challenge has no usable realm: nothing was sent.
bool authenticate(nua_handle_t* nh, const sip_t* sip, const AuthCredentials& credentials);

// ---- session timers (session_timer.cpp) ----
// Tells the stack how this leg's session refreshes go out, from the peer's
// INVITE (inbound) or 2xx (outbound): UPDATE without SDP when the peer allows
// UPDATE; otherwise sofia's re-INVITE (an outbound leg re-sends its last
// offer). An inbound leg whose caller neither supports timers nor allows
// UPDATE gets no session timer: our refresh would be a re-INVITE without SDP,
// which asks the caller for an offer we could not answer.
void choose_refresh(nua_handle_t* nh, const sip_t* sip, bool inbound);

// ---- requests (inbound_invite.cpp) ----
// The socket peer of the request being delivered (not the Via).
SourceAddress source_of(nua_t* nua);

// ---- Contact over TCP (contact.cpp) ----
// `<sip:user@listen-ip:port;transport=tcp>`: the Contact of a dialog carried
// over TCP. Without the parameter the peer sends ACK, BYE and re-INVITE to
// our Contact over UDP (sofia's own Contact names no transport).
// `;transport=tls` and the TLS port when `tls` (a dialog over TLS).
std::string tcp_contact(const std::string& listen_ip, unsigned port, const std::string& user,
                        bool tls = false);
// `<sip:user@listen-ip:port>`: the Contact of a dialog over UDP, set only
// where sofia's own could name another listener (a profile with TLS).
std::string udp_contact(const std::string& listen_ip, unsigned port, const std::string& user);
// A sips: URI or one with ;transport=tls.
bool names_tls(std::string_view uri);
// True when a SIP URI (Request-URI or proxy) names transport=tcp.
bool names_tcp(std::string_view uri);

// ---- phrases (respond.cpp) ----
// A phrase pointer that stays valid until the stack has sent the response:
// sofia keeps the pointer, not a copy (an empty phrase on the wire otherwise).
const char* lasting_phrase(nua_handle_t* nh, int status, const std::string& phrase);
}  // namespace ctib::sip::detail
