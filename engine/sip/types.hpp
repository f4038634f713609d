#pragma once
// Typed values exchanged between the SIP adapter and the call core. Nothing in
// here mentions sofia-sip: the call core never sees tag lists, nua handles or
// sip_t (see docs/sip-adapter.md). Every string is an owned copy, so a value
// stays valid after the event callback that delivered it has returned.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ctib::sip {

// One header line, name as received (case kept) and the raw value.
struct Header {
  std::string name;
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};
using Headers = std::vector<Header>;

// A message body carried opaquely (B2BUA: SDP is relayed, never parsed here).
struct Body {
  std::string content_type = "application/sdp";
  std::string data;
  friend bool operator==(const Body&, const Body&) = default;
};

// A parsed Reason header (RFC 3326), e.g. `Q.850;cause=17;text="USER_BUSY"`.
struct Reason {
  std::string protocol;      // "Q.850", "SIP", "FreeSWITCH", ... as received
  std::optional<int> cause;  // the cause= parameter when it is a number
  std::string text;          // the text= parameter, quotes removed
  std::string raw;           // the whole header value, for relaying verbatim
};

// A SIP URI's interesting parts plus the display name of a name-addr.
struct NameAddr {
  std::string display;
  std::string user;
  std::string host;  // host[:port] as written
};

enum class Transport : std::uint8_t { udp, tcp, tls, other };

// Where a request physically came from (the socket peer, not the Via).
// The out-of-dialog requests a profile hands to its ProfileHandler.
enum class OutOfDialogMethod : std::uint8_t { options, info, refer };

struct SourceAddress {
  std::string ip;
  std::uint16_t port = 0;
  Transport transport = Transport::other;
};

// The parameters of an Authorization or Proxy-Authorization header with the
// Digest scheme, quotes removed. Untrusted: any field may be empty.
struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  std::string algorithm;
  std::string qop;
  std::string nc;
  std::string cnonce;
  std::string opaque;
};

// An account to answer 401/407 challenges with (a gateway's credentials).
struct AuthCredentials {
  std::string username;
  std::string password;
};

// A new INVITE received on a profile (Profile → ProfileHandler::on_invite).
struct IncomingInvite {
  std::string call_id;
  NameAddr from;
  NameAddr to;
  std::string request_uri;   // the whole Request-URI, as text
  std::string request_user;  // its user part ("" if none)
  SourceAddress source;
  std::optional<unsigned> max_forwards;  // nullopt when the header is absent
  std::optional<Body> body;
  Headers custom_headers;                // every X-* and P-* header, in order
  std::vector<std::string> require;
  std::vector<std::string> supported;
  std::optional<DigestCredentials> proxy_authorization;  // the first Digest Proxy-Authorization
};

// One Contact of a REGISTER.
struct RegisterContact {
  std::string uri;                  // "sip:1000@10.0.0.5:5062;transport=udp", without <>
  std::optional<unsigned> expires;  // its ;expires= parameter
};

// A REGISTER received on a profile (Profile → ProfileHandler::on_register).
struct IncomingRegister {
  std::string call_id;
  std::uint32_t cseq = 0;
  NameAddr from;
  NameAddr to;  // the address of record
  bool wildcard = false;  // Contact: *
  std::vector<RegisterContact> contacts;
  std::optional<unsigned> expires;  // the Expires header
  std::optional<DigestCredentials> authorization;
  SourceAddress source;
  std::string user_agent;
};

// A REGISTER we send (a gateway's registration). Expires 0 un-registers.
struct OutgoingRegister {
  std::string registrar_uri;  // "sip:proxy[:port][;transport=tcp]"
  NameAddr aor;               // To and From: user@host
  std::string contact_user;   // user part of our Contact (FreeSWITCH `extension`)
  unsigned expires = 3600;
  std::optional<std::string> outbound_proxy;  // a SIP URI
  std::optional<AuthCredentials> auth;
};

// An OPTIONS we send (a gateway ping).
struct OutgoingOptions {
  std::string request_uri;
  NameAddr from;  // host empty → the profile's listen address
  std::optional<std::string> outbound_proxy;
};

// The final outcome of a REGISTER or OPTIONS we sent.
struct ClientResult {
  int status = 0;
  std::string phrase;
  bool local = false;  // made up by the stack (timeout 408, transport 503, 9xx)
  // REGISTER 2xx: the expiry the registrar granted (our Contact's ;expires
  // or the Expires header), when it said.
  std::optional<unsigned> expires;
};

// What the call core asks an outbound leg to send (Profile::invite).
struct OutgoingInvite {
  std::string request_uri;  // "sip:user@host[:port][;params]"; validated before sending
  NameAddr from;            // host empty → the profile's listen address
  NameAddr to;              // user/host empty → taken from the Request-URI
  std::optional<std::string> contact_user;  // user part of our Contact; default: the profile's
  unsigned max_forwards = 70;
  Headers custom_headers;   // names must be tokens, values single-line
  std::optional<Body> body;
  std::optional<std::string> outbound_proxy;  // a SIP URI; the request goes there first
  // Answers one 401/407 with these; a second challenge fails the leg.
  std::optional<AuthCredentials> auth;
  // Session-Expires to ask for on this leg (s), overriding the profile's
  // (FreeSWITCH's sofia_session_timeout); 0 = no session timer on this leg.
  std::optional<unsigned> session_expires;
};

// A final or provisional response the call core sends on an inbound leg, or
// the answer to an in-dialog re-INVITE/UPDATE.
struct Reply {
  int status = 200;
  std::string phrase;  // empty → the standard phrase for `status`
  std::optional<Body> body;
  Headers headers;
  std::optional<std::string> reason;  // a Reason header value, e.g. `Q.850;cause=17`
};

// A response received on an outbound leg, or to a re-INVITE/UPDATE we sent.
struct Response {
  int status = 0;
  std::string phrase;
  std::optional<Body> body;
  Headers custom_headers;
  std::optional<Reason> reason;
  // True when no response arrived from the network: sofia-sip made it up
  // (timeout 408, transport error 503, internal errors 900+).
  bool local = false;
};

// A re-INVITE or UPDATE received inside an established dialog.
enum class ModifyKind : std::uint8_t { reinvite, update };
struct ModifyRequest {
  ModifyKind kind = ModifyKind::reinvite;
  std::optional<Body> body;
  Headers custom_headers;
};

// A re-INVITE or UPDATE the call core sends inside a dialog.
struct Modify {
  ModifyKind kind = ModifyKind::reinvite;
  std::optional<Body> body;
  Headers headers;
};

// An INFO inside a dialog (DTMF as application/dtmf-relay or application/dtmf,
// or any other body), received or to send: carried opaquely, like SDP.
struct Info {
  std::optional<Body> body;
  Headers headers;  // received: X-*/P-* only; sent: any valid header lines
};

// The remote side hung up (BYE received; the stack already answered 200).
struct Hangup {
  std::optional<Reason> reason;
  Headers custom_headers;
};

// The dialog is over and the nua handle released. `status` is what sofia-sip
// reported with the final state (e.g. 200 after BYE, 487 after CANCEL).
struct Termination {
  int status = 0;
  std::string phrase;
  // The stack ended the dialog on a timer, not the far end with a BYE: the
  // session expired without a refresh from the peer (RFC 4028 §10, sofia
  // sends the BYE), a refresh we sent failed (408, 481, no answer), or our
  // 2xx was never ACKed. The far end is presumed gone (decision 0007).
  bool timer_expired = false;
};

// Why a command was not sent. Commands check everything they can before
// handing anything to the stack, so a malformed target never reaches the wire.
enum class ErrorCode : std::uint8_t {
  invalid_uri,     // Request-URI, proxy or From/To not a valid SIP URI
  invalid_header,  // a custom header name/value that would corrupt the message
  invalid_status,  // a status code the command cannot send
  wrong_state,     // e.g. bye() before answer, respond() after a final response
  terminated,      // the dialog is over; the handle is gone
  unavailable,     // the profile is shutting down or the stack refused
};
struct Error {
  ErrorCode code;
  std::string detail;
};

// A command was handed to the stack; its outcome arrives as an event.
struct Sent {};

}  // namespace ctib::sip
