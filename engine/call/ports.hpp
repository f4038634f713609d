#pragma once
// The call core's view of the world. The core (Call, its legs and the
// originate logic) depends only on these interfaces; the SIP adapter, the
// HTTP routing client, the notification sender and the event loop implement
// them in the composition root. Unit tests implement them with fakes.
//
// Threading: every method here is called on the call's event loop thread,
// and every callback the core receives is delivered on that same thread,
// never re-entrantly from inside the call that started the operation.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/causes/hangup_cause.hpp"
#include "engine/dialstring/plan.hpp"
#include "engine/routing/invocation.hpp"
#include "engine/variables/variables.hpp"
#include "libs/base/expected.hpp"

namespace ctib::routing {
struct RouteDecision;
struct TransferInfo;
struct DigitsInfo;
}

namespace ctib::call {

struct SipHeader {
  std::string name;
  std::string value;
  friend bool operator==(const SipHeader&, const SipHeader&) = default;
};

// A message body carried opaquely (SDP): the engine does not anchor media.
struct Body {
  std::string content_type;  // "application/sdp"
  std::string payload;
  friend bool operator==(const Body&, const Body&) = default;
};

// An INFO inside a dialog (DTMF as application/dtmf-relay or
// application/dtmf, or anything else), relayed opaquely between the bridged
// legs; the receiving leg's final response goes back the same way.
struct Info {
  std::optional<Body> body;
  std::vector<SipHeader> headers;  // X-*/P-* as received
};

// A blind transfer asked by one side with REFER (decision 0015), typed by
// the SIP adapter: a REFER whose Refer-To cannot be used never gets here
// (the adapter answers it 400).
struct TransferRequest {
  std::string refer_to;  // the target URI as received, without ?headers
  std::string user;      // its user part: the transfer's destination_number
  std::string host;
  bool replaces = false;    // `?Replaces=`: an attended transfer (refused 501)
  std::string referred_by;  // Referred-By as received, or ""
};

// ---------------------------------------------------------------- A leg ----

// The inbound INVITE, already parsed by the SIP adapter.
struct InboundInvite {
  std::string profile;  // name of the profile it arrived on
  std::string call_id;
  std::string from_display;
  std::string from_user;
  std::string from_host;
  std::string to_user;
  std::string request_user;  // user part of the Request-URI
  std::string network_addr;  // source IP of the INVITE
  std::uint16_t network_port = 0;
  int max_forwards = 70;
  std::optional<Body> sdp;
  // X-*, P-* (unknown ones) and other custom headers, in arrival order; they
  // become sip_h_<Name> on the A leg and pass to B legs by default (§2.5).
  std::vector<SipHeader> custom_headers;
  // The directory user the caller authenticated as (auth-calls), or "".
  std::string auth_username;
  std::string auth_realm;
};

// Commands on the inbound (A) leg. Implemented by the SIP adapter glue.
class CallerLeg {
 public:
  virtual ~CallerLeg() = default;
  // 180/181/182/183; `sdp` only for 183 early media.
  virtual void send_provisional(int status, const Body* sdp) = 0;
  // 200 OK with the winning leg's answer.
  virtual void answer(const Body* sdp) = 0;
  // Final response >= 300 to the unanswered INVITE. `reason` is the value of
  // a Reason header ("Q.850;cause=17;text=\"USER_BUSY\"") or empty.
  virtual void refuse(int status, std::string_view reason) = 0;
  // BYE on the answered leg.
  virtual void hangup(std::string_view reason) = 0;
  // Relay of a re-INVITE/UPDATE offer from the B side, and the answer to one
  // received from A. When the offer cannot be sent, the answer still comes
  // (Call::on_caller_reinvite_response with an error status), possibly
  // before send_reinvite returns.
  virtual void send_reinvite(const Body& sdp) = 0;
  virtual void respond_reinvite(int status, const Body* sdp) = 0;
  // Relay of an INFO from the B side, and the final answer to the oldest
  // INFO received from A (the adapter pairs them in order).
  virtual void send_info(const Info& info) = 0;
  virtual void respond_info(int status, std::string_view phrase) = 0;
  // Answers the REFER announced by Call::on_caller_refer (202, or a
  // refusal), and later reports the transfer's outcome to the referrer
  // (a NOTIFY whose sipfrag is `SIP/2.0 <status>`).
  virtual void respond_transfer(int status) = 0;
  virtual void notify_transfer(int status) = 0;
};

// ---------------------------------------------------------------- B legs ---

// Where a dial target resolves to (gateway or profile settings applied).
struct ResolvedTarget {
  std::string profile;  // the SIP profile the INVITE leaves from
  dialstring::SipUri request_uri;
  std::string to_user;
  std::string to_host;
  std::string outbound_proxy;  // "" = send to the Request-URI
  std::string gateway;         // gateway name when via a gateway, else ""
  // Gateway From rules (freeswitch-semantics §2.5): with caller_id_in_from
  // false the From user is `from_user`; the From host is `from_host`.
  std::string from_user;
  std::string from_host;
  bool caller_id_in_from = true;
  variables::Variables variables;  // gateway outbound variables
  // Digest credentials for a 401/407 on this leg (a gateway's account);
  // empty = a challenge fails the leg (freeswitch-semantics §6.2).
  std::string auth_username;
  std::string auth_password;
  // What `dialed` reports when this target answers, when it is not the leg
  // as written: a `user/` leg expands to one `sofia/<profile>/<contact>`
  // per registration, as FreeSWITCH's sofia_contact() does. "" = the leg's text.
  std::string dialed;
};

// Turns a typed dial target into concrete SIP destinations (a registered user
// may have several contacts). Failure is the FreeSWITCH creation cause:
// INVALID_GATEWAY, GATEWAY_DOWN, INVALID_PROFILE, USER_NOT_REGISTERED, ...
class TargetResolver {
 public:
  virtual ~TargetResolver() = default;
  virtual base::Expected<std::vector<ResolvedTarget>, causes::HangupCause> resolve(
      const dialstring::DialTarget& target) = 0;
};

struct OutgoingInvite {
  ResolvedTarget target;
  std::string from_display;
  std::string from_user;
  std::string from_host;
  int max_forwards = 70;
  std::vector<SipHeader> headers;  // from sip_h_* variables, in order
  std::optional<Body> sdp;
  std::string call_uuid;  // the A leg's uuid, for log lines
  // sofia_session_timeout: this leg's Session-Expires in seconds, 0 = no
  // session timer; unset = the profile's session-timeout (decision 0007).
  std::optional<unsigned> session_timeout;
};

// What a placed B leg reports. Called on the loop.
class CalleeEvents {
 public:
  virtual ~CalleeEvents() = default;
  // 180/181/182/183, with SDP when the response carried one.
  virtual void on_provisional(int status, const Body* sdp) = 0;
  virtual void on_answer(const Body* sdp) = 0;
  // Final failure before answer: a SIP status >= 300, or a synthetic >= 900
  // from the stack (transport error, timeout). `q850` is the cause of a
  // `Reason: Q.850;cause=N` header on the response, if any.
  virtual void on_failure(int status, std::optional<int> q850) = 0;
  // The far end hung up an answered leg (BYE received).
  virtual void on_bye(std::optional<int> q850) = 0;
  // The answered leg ended on its session timer (RFC 4028): the far end did
  // not refresh, or did not answer our refresh (decision 0007).
  virtual void on_session_expired() = 0;
  virtual void on_reinvite(const Body& sdp) = 0;
  virtual void on_reinvite_response(int status, const Body* sdp) = 0;
  // An INFO from the far end (answer it with CalleeLeg::respond_info), and
  // the final response to one sent with CalleeLeg::send_info, in order.
  virtual void on_info(const Info& info) = 0;
  virtual void on_info_response(int status, std::string_view phrase) = 0;
  // A REFER from the far end of an answered leg; answer it with
  // CalleeLeg::respond_transfer.
  virtual void on_refer(const TransferRequest& request) = 0;
};

// Commands on a placed B leg.
class CalleeLeg {
 public:
  virtual ~CalleeLeg() = default;
  // CANCEL an unanswered leg; `reason` is the Reason header value or "".
  virtual void cancel(std::string_view reason) = 0;
  // BYE an answered leg.
  virtual void hangup(std::string_view reason) = 0;
  // Relays an offer; its answer comes through CalleeEvents::on_reinvite_response,
  // also when it cannot be sent (an error status, possibly before this returns).
  virtual void send_reinvite(const Body& sdp) = 0;
  virtual void respond_reinvite(int status, const Body* sdp) = 0;
  virtual void send_info(const Info& info) = 0;
  virtual void respond_info(int status, std::string_view phrase) = 0;
  // As CallerLeg::respond_transfer / notify_transfer.
  virtual void respond_transfer(int status) = 0;
  virtual void notify_transfer(int status) = 0;
};

class SipPort {
 public:
  virtual ~SipPort() = default;
  // Sends the INVITE. Fails synchronously (no SIP sent) with a creation cause
  // when the profile is unknown (INVALID_PROFILE) or the URI cannot be used
  // (INVALID_URL). `events` must outlive the returned leg.
  virtual base::Expected<std::unique_ptr<CalleeLeg>, causes::HangupCause> place(
      const OutgoingInvite& invite, CalleeEvents& events) = 0;
};

// ---------------------------------------------------------------- routing --

// Why there is no decision, as a metric label (docs/metrics.md); the detail
// says exactly what, for the log line.
enum class RouteFailureKind : std::uint8_t {
  other,        // reset, protocol error, bad URL, ...
  connect,      // refused, unreachable, name not resolved
  timeout,      // no connection, or no complete answer, in time
  http_status,  // an answer, but not 2xx
  bad_answer,   // a 2xx whose body is not a valid routing answer (or too large)
};

struct RouteFailure {
  std::string detail;  // exactly what was wrong, for the log line
  RouteFailureKind kind = RouteFailureKind::other;
};

using RouteResult = base::Expected<routing::RouteDecision, RouteFailure>;

class Cancellable {
 public:
  virtual ~Cancellable() = default;
  // After cancel() the callback of the operation is never called.
  virtual void cancel() = 0;
};

// The routing request as the call core states it; the router builds the HTTP
// request (routing::build_route_request) from it.
struct RouteQuery {
  routing::RouteConfig route;
  std::string uuid;
  const InboundInvite* invite = nullptr;
  // Inbound headers to send as sip_h_<Name> (the call's profile setting);
  // null = none. Owned by the call, valid during route().
  const std::vector<std::string>* route_headers = nullptr;
  // Set when the call asks where a blind transfer goes (decision 0015):
  // the request then names the transfer target. Valid during route().
  const routing::TransferInfo* transfer = nullptr;
  // Set on the request after a play_and_get_digits round: the digits it
  // collected. Valid during route().
  const routing::DigitsInfo* digits = nullptr;
};

class Router {
 public:
  virtual ~Router() = default;
  // Asks the interface; `done` runs later on the loop, once, unless cancelled.
  virtual std::unique_ptr<Cancellable> route(const RouteQuery& query,
                                             std::function<void(RouteResult)> done) = 0;
};

// ---------------------------------------------------------------- time -----

class Timers {
 public:
  virtual ~Timers() = default;
  // One-shot timer; destroying or cancelling the handle stops it.
  virtual std::unique_ptr<Cancellable> start(std::chrono::milliseconds after,
                                             std::function<void()> fire) = 0;
  // Wall clock for epochs in notifications and records.
  virtual std::chrono::system_clock::time_point wall_now() = 0;
};


// ---------------------------------------------------------------- media ----

// One offer/answer step of an anchored call (docs/media.md), as the call core
// states it; the media adapter (engine/media: rtpengine's ng `offer` and
// `answer`) turns it into a request. Tags name the two sides of the call, not
// SIP tags: the relay only needs them to tell the sides apart.
struct MediaStep {
  enum class Kind { offer, answer };
  Kind kind = Kind::offer;
  std::string call_id;   // the call's uuid
  std::string from_tag;  // the side that made the offer this step is about
  std::string to_tag;    // the other side ("" in the first offer)
  std::string sdp;
  // Codecs the relay adds to the offer it passes on, transcoding when the
  // other side picks one of them (G.711 A/µ by default, decision 0012).
  std::vector<std::string> transcode;
  // Offered codecs the relay hides from the other side but still accepts
  // from the offerer (absolute_codec_string when anchored).
  std::vector<std::string> mask;
};

enum class MediaFailureKind : std::uint8_t {
  unreachable,  // no relay answered in time (every one tried)
  refused,      // the relay answered `error` (its reason in the detail)
};

struct MediaFailure {
  MediaFailureKind kind = MediaFailureKind::unreachable;
  std::string detail;
};

// The SDP the relay wrote for the other side.
using MediaResult = base::Expected<std::string, MediaFailure>;

// RTP packets the relay has received so far from each side of a call.
struct MediaActivity {
  std::uint64_t caller_packets = 0;  // from side "a"
  std::uint64_t callee_packets = 0;  // from side "b"
};
using ActivityResult = base::Expected<MediaActivity, MediaFailure>;

// How long the relay says the file it started plays (its own count).
using PlayResult = base::Expected<std::chrono::milliseconds, MediaFailure>;

class MediaPort {
 public:
  virtual ~MediaPort() = default;
  // Runs one offer/answer step; `done` runs later on the loop, once, unless
  // the handle is cancelled or destroyed. Bounded in time by the adapter.
  virtual std::unique_ptr<Cancellable> exchange(const MediaStep& step, std::function<void(MediaResult)> done) = 0;
  // How much RTP the relay received from each side (ng `query`), for the
  // media timeout (rtp_timeout_sec); `done` as for exchange().
  virtual std::unique_ptr<Cancellable> activity(const std::string& call_id,
                                                std::function<void(ActivityResult)> done) = 0;
  // The call is over: the relay frees its ports (ng `delete`). Fire and
  // forget; nothing comes back to the call.
  virtual void release(const std::string& call_id) = 0;
  // Plays an audio file to side `tag` of the call (ng `play media`; the
  // side must have been offered and answered), replacing what plays there;
  // `done` as for exchange(), with the file's length once it started.
  virtual std::unique_ptr<Cancellable> play(const std::string& call_id, const std::string& tag,
                                            const std::string& file, std::function<void(PlayResult)> done) = 0;
  // Stops what plays to side `tag` (ng `stop media`). Fire and forget.
  virtual void stop_playing(const std::string& call_id, const std::string& tag) = 0;
};

// ---------------------------------------------------------------- reports --

enum class Progress { Ring, EarlyMedia, Answer };
enum class HangupBy { Caller, Callee, System };

// Everything a `hangup` notification and a call record need, filled in by the
// call core when the call ends.
struct CallRecord {
  std::string uuid;
  routing::RouteConfig route;  // the route whose interface was asked
  std::string caller_id_number;
  std::string caller_id_name;
  std::string destination_number;
  std::chrono::system_clock::time_point start;
  std::optional<std::chrono::system_clock::time_point> progress;  // first ring / early media
  std::optional<std::chrono::system_clock::time_point> answer;
  std::chrono::system_clock::time_point end;
  causes::HangupCause cause = causes::HangupCause::NORMAL_CLEARING;
  int sip_term_status = 0;  // the final SIP status of the call (200 if answered)
  std::string dialed;       // the target finally used (leg text), "" if none
  HangupBy hangup_by = HangupBy::System;
  // Recording (docs/media.md "Recording"): set at the answer when the call
  // is anchored and ctib_record (or execute_on_answer=record_session) asks
  // for it; the recorder (engine/media/call_recorder) fills the file and
  // its length once the WAV is written, before the hangup is reported.
  bool record = false;
  std::string record_file;                           // absolute path, "" = no recording
  std::optional<std::chrono::milliseconds> record_ms;  // its length
};

// Receives call progress for notifications. Each Progress value is reported
// at most once per call; on_hangup exactly once per call that sent a routing
// request, whatever the outcome.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  // The routing request is about to be sent (again, for a fallback route):
  // from here on the call has a hangup to report. `call` has the uuid, the
  // route asked, the numbers and the start time. For the call journal
  // (docs/decisions/0006-call-journal.md); observers without one ignore it.
  virtual void on_routing(const CallRecord& call) { (void)call; }
  // `call` is the record so far (uuid, route, numbers, times known yet).
  virtual void on_progress(const CallRecord& call, Progress p) = 0;
  virtual void on_hangup(const CallRecord& record) = 0;
};

}  // namespace ctib::call
