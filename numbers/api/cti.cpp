#include "numbers/api/cti.hpp"

#include <array>
#include <cassert>
#include <exception>

#include "engine/causes/hangup_cause.hpp"
#include "numbers/api/dial_answer.hpp"
#include "numbers/api/digits_answer.hpp"
#include "numbers/api/reader.hpp"
#include "numbers/api/routing_auth.hpp"
#include "numbers/api/transfer.hpp"
#include "numbers/api/views.hpp"
#include "numbers/records/record_json.hpp"

namespace ctib::numbers::api {

namespace {

using http_server::Response;
using model::Event;

struct Call {
  records::Notification note;
  std::string x;  // canonical destination, "" when it did not parse
  std::optional<model::ReleaseSide> transferor;  // a blind transfer's request (protocol §2.1.1)
  // AXE: the extension entered in answer to our prompt (a later routing
  // request of the same call); nullopt on a call's first request.
  std::optional<model::EnteredDigits> entered;
};

// Numbers from the engine are normalised when they parse; otherwise kept as
// sent, so the record still shows what the caller presented.
std::string canonical_or_raw(const std::string& raw, const model::NumberPlan& plan, bool& ok) {
  auto canonical = model::normalise_number(raw, plan);
  ok = canonical.has_value();
  return ok ? *canonical : raw;
}

Response answer(std::string body) { return Response{200, std::move(body), "application/json", {}}; }

Response hangup_answer() { return answer(std::string(kHangupAnswerJson)); }

Response dial_answer(const Context& c, const model::RouteDecision& d, const std::string& x) {
  if (!d.dial) return hangup_answer();
  // The one hard rule: the called party sees a middle number of the binding
  // (X, or an AXYB's Y when B is called from A), never a real number.
  const bool middle = d.binding && bindings::shows_middle_number(*d.binding, d.dial->caller_id);
  assert(middle);
  if (!middle) {
    c.log("cti: refusing a decision that would show " + d.dial->caller_id + ", not a middle number of the binding (dialled " + x + ")");
    return hangup_answer();
  }
  // The carrier behind the gateway decides how it wants numbers: a Chinese
  // trunk takes "01095013001", not "1095013001" (issue 12).
  const model::DialFormat format = c.config.dial_formats.for_gateway(d.dial->gateway);
  const std::string shown =
      model::format_number(d.dial->caller_id, format, c.config.plan, d.dial->caller_id_imported_as);
  const std::string callee = model::format_number(d.dial->callee, format, c.config.plan);
  // The name is X too: without it the engine keeps the caller's own display
  // name, which phones commonly set to their real number. And none of the
  // caller's X-*/P-* headers pass to the carrier (sip_copy_custom_headers
  // false): a P-Asserted-Identity would show it.
  return answer(dial_answer_json(DialAnswer{.caller_id = shown,
                                            .gateway = d.dial->gateway,
                                            .callee = callee,
                                            .record = d.dial->record,
                                            .max_duration = d.dial->max_duration,
                                            .binding_id = d.binding ? std::string_view(d.binding->id) : ""}));
}

// The same call asked for again: never a second record, nor a rewrite of
// the first (decision 0027, numbers/api/transfer.hpp).
Response on_transfer(const Context& c, const Call& call) {
  const model::RouteDecision decision = decide_transfer(c, call.note.uuid, *call.transferor, call.x);
  if (!decision.dial) {
    c.log("[" + call.note.uuid + "] cti: transfer to " + call.note.destination + " refused: " + decision.reason);
    return answer(std::string(kTransferRefusedJson));
  }
  return dial_answer(c, decision, call.x);
}

// AXE (decision 0026): the round a collect decision is asked in, or nullopt
// when the retries are spent and the call is refused. Round 1 is the first
// prompt; each wrong or missing extension asks once more, up to 1 + retries.
std::optional<std::int64_t> next_round(const Context& c, const Call& call, model::RouteDecision& decision) {
  if (!decision.collect) return std::nullopt;
  const std::int64_t round = call.entered ? call.entered->round + 1 : 1;
  if (round <= 1 + c.config.axe.retries && round <= model::kMaxDigitRounds) return round;
  decision.collect.reset();
  decision.reason += " (" + std::to_string(round - 1) + " round(s), retries spent)";
  return std::nullopt;
}

Response on_request(const Context& c, Call& call) {
  if (call.transferor) return on_transfer(c, call);
  bool caller_ok = false;
  call.note.caller = canonical_or_raw(call.note.caller, c.config.plan, caller_ok);
  model::RouteDecision decision;
  if (!caller_ok) {
    decision.reason = "caller id is not a number";
  } else if (call.x.empty()) {
    decision.reason = "destination is not a number";
  } else {
    try {
      decision = call.entered ? c.router.route_extension(call.note.caller, call.x, call.entered->digits)
                              : c.router.route(call.note.caller, call.x);
    } catch (...) {
      if (c.observer != nullptr) c.observer->on_route(RouteOutcome::error);
      throw;
    }
  }
  const std::optional<std::int64_t> round = next_round(c, call, decision);
  // Each round is recorded (an AXE call stays intercepted until a round
  // dials, records/merge.cpp); only the call's final answer is counted.
  if (round) {
    try {
      c.records.on_request(call.note, decision, call.x);
    } catch (const std::exception& e) {
      c.log("[" + call.note.uuid + "] cti: record not written: " + e.what());
    }
    if (*round > 1) c.log("[" + call.note.uuid + "] cti: AXE extension asked again: " + decision.reason);
    return answer(digits_answer_json(c.config.axe, decision.collect->length, *round));
  }
  if (c.observer != nullptr) {
    c.observer->on_route(decision.dial      ? RouteOutcome::bound
                         : !caller_ok || call.x.empty() ? RouteOutcome::invalid
                         : decision.binding ? RouteOutcome::refused
                                            : RouteOutcome::unbound);
  }
  try {
    c.records.on_request(call.note, decision, call.x.empty() ? call.note.destination : call.x);
  } catch (const std::exception& e) {
    // The call must not wait on the record; the hangup notification will
    // create it later if the database is back.
    c.log("[" + call.note.uuid + "] cti: record not written: " + e.what());
  }
  // The line names the parties (masked at info by the logger) so that an
  // operator can tell which binding was missing.
  if (!decision.dial) {
    c.log("[" + call.note.uuid + "] cti: " + call.note.caller + " -> " + call.note.destination +
          " refused: " + decision.reason);
  }
  return dial_answer(c, decision, call.x);
}

Response on_notification(const Context& c, Call& call) {
  bool ignored = false;
  call.note.caller = call.note.caller.empty() ? "" : canonical_or_raw(call.note.caller, c.config.plan, ignored);
  const records::MergeOutcome outcome = c.records.on_event(call.note);
  if (c.observer != nullptr) c.observer->on_notification(call.note.event);
  if (outcome == records::MergeOutcome::conflict) {
    if (c.observer != nullptr) c.observer->on_record_conflict(call.note.event);
    // Answered 2xx all the same: the engine retries a hangup until it is
    // accepted, and no retry can make a contradicting one right.
    c.log("[" + call.note.uuid + "] cti: " + (call.note.event == Event::hangup ? "hangup" : "answer") +
          " refused: the call record was already released with other values; kept as it was");
    return json_response(200, {{"ok", true}, {"applied", false}, {"reason", "record already released"}});
  }
  return json_response(200, {{"ok", true}});
}

struct Action {
  std::string_view name;
  Event event;
  Response (*handle)(const Context&, Call&);
};

constexpr std::array kActions{
    Action{"request", Event::request, &on_request},  Action{"ring", Event::ring, &on_notification},
    Action{"progress", Event::progress, &on_notification}, Action{"answer", Event::answer, &on_notification},
    Action{"hangup", Event::hangup, &on_notification},
};

std::optional<model::Instant> epoch(QueryReader& q, std::string_view key) {
  const auto seconds = q.integer(key, Need::optional, 0, 32'503'680'000);
  if (!seconds || *seconds == 0) return std::nullopt;  // FreeSWITCH sends 0 for "never"
  return model::from_epoch(*seconds);
}

void read_hangup(QueryReader& q, records::Notification& n) {
  const auto cause = q.text("hangup_cause", Need::optional, 64);
  if (cause) {
    const auto known = causes::from_name(*cause);
    n.cause_name = known ? std::string(causes::name(*known)) : *cause;
    if (known) n.cause_q850 = causes::q850(*known);
  }
  if (auto q850 = q.integer("hangup_cause_q850", Need::optional, 0, 127)) n.cause_q850 = static_cast<int>(*q850);
  if (auto sip = q.integer("sip_term_status", Need::optional, 100, 699)) n.sip_status = static_cast<int>(*sip);
  n.start = epoch(q, "start_epoch");
  n.answer = epoch(q, "answer_epoch");
  n.end = epoch(q, "end_epoch");
  n.duration = q.integer("duration", Need::optional, 0, 31'536'000);
  n.billsec = q.integer("billsec", Need::optional, 0, 31'536'000);
  const std::string by = q.text("hangup_by", Need::optional, 16).value_or("");
  if (by == "caller") n.hangup_by = model::ReleaseSide::caller;
  if (by == "callee") n.hangup_by = model::ReleaseSide::callee;
  if (by == "system") n.hangup_by = model::ReleaseSide::platform;
  if (!by.empty() && !n.hangup_by) q.fail("hangup_by", "must be caller, callee or system");
  n.recording = q.text("recording", Need::optional, 512).value_or("");
  // The engine's recording (docs/protocol.md §5): only the file's name is
  // kept, and only a name the service would serve from its recordings_dir;
  // the path is the engine host's and is never opened as sent. Any other
  // name is dropped rather than refused: the engine re-sends a refused
  // hangup until it is taken, and the bill must not wait on the recording.
  if (auto file = q.text("record_file", Need::optional, 1024)) {
    const std::string_view path(*file);
    const auto slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (records::is_recording_file(name)) n.recording = std::string(name);
  }
  n.recording_ms = q.integer("record_ms", Need::optional, 0, 31'536'000'000);
}

// The digits of our AXE prompt, under the var_name we gave
// (model/axe.hpp); the latest round when several are present. Digits are
// kept as sent (up to 16 characters): a wrong one is a wrong extension.
std::optional<model::EnteredDigits> read_entered(QueryReader& q, const http_server::Request& r) {
  std::optional<model::EnteredDigits> entered;
  for (const auto& [name, value] : r.query) {
    const auto round = model::extension_round(name);
    if (!round || (entered && entered->round >= *round)) continue;
    entered = model::EnteredDigits{*round, ""};
  }
  if (!entered) return std::nullopt;
  entered->digits = q.text(model::extension_variable(entered->round), Need::optional, 16).value_or("");
  // Informative only: the digits decide (read_result=failure or timeout
  // comes with none that fit).
  const std::string result = q.text("read_result", Need::optional, 16).value_or("");
  if (!result.empty() && result != "success" && result != "timeout" && result != "failure") {
    q.fail("read_result", "must be success, timeout or failure");
  }
  return entered;
}

}  // namespace

Response answer_cti(const Context& c, const http_server::Request& as_query) {
  QueryReader q(as_query);
  const std::string name = q.text("action", Need::required, 16).value_or("");
  const std::string uuid = q.text("uuid", Need::required, 128).value_or("");
  if (q.failure()) return error_response(*q.failure());
  const Action* action = nullptr;
  for (const Action& a : kActions) {
    if (a.name == name) action = &a;
  }
  if (!action) return error_response(model::invalid("action", "must be request, ring, progress, answer or hangup"));
  // Only routing requests are refused on replay: notifications merge
  // idempotently into the record, and a hangup re-sent within the same
  // second would otherwise be refused (docs/protocol.md §6).
  if (action->event == Event::request) {
    if (auto refused = refuse_replay(c, as_query)) return *refused;
  }
  if (uuid.empty()) return error_response(model::invalid("uuid", "must not be empty"));
  Call call;
  call.note.event = action->event;
  call.note.uuid = uuid;
  call.note.caller = q.text("caller_id_number", Need::optional, 64).value_or("");
  call.note.destination = q.text("destination_number", Need::optional, 64).value_or("");
  bool x_ok = false;
  const std::string x = canonical_or_raw(call.note.destination, c.config.plan, x_ok);
  call.x = x_ok ? x : "";
  call.note.destination = x;
  if (action->event == Event::hangup) read_hangup(q, call.note);
  if (action->event == Event::request) {
    const std::string transferor = q.text("transferor", Need::optional, 16).value_or("");
    if (transferor == "caller") call.transferor = model::ReleaseSide::caller;
    if (transferor == "callee") call.transferor = model::ReleaseSide::callee;
    if (!transferor.empty() && !call.transferor) q.fail("transferor", "must be caller or callee");
  }
  if (action->event == Event::request) call.entered = read_entered(q, as_query);
  if (q.failure()) return error_response(*q.failure());
  return action->handle(c, call);
}

}  // namespace ctib::numbers::api
