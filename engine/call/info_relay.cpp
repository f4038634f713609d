// INFO inside a dialog (DTMF as application/dtmf-relay or application/dtmf,
// or any other body), relayed between A and the winning B leg; the final
// response of the leg that received the copy is relayed back, so the sender
// learns whether the digit arrived. Bodies are not looked at: an INFO the
// far end cannot take is refused by the far end (415, 469, 501 ...) and that
// answer reaches the sender. Translating DTMF to RFC 2833 needs media in the
// path (rtpengine) and is left for the media work (docs/sip-adapter.md).
//
// INFO changes no call state, so it is not an event of the call's state
// machine (except a DTMF INFO while collecting digits, which becomes a
// CallerDigit): it is relayed while a winner is bridged (early media or
// answered) and refused with 480 Temporarily Unavailable otherwise (before
// the bridge, or after). 480 rather than 481: a 481 to a request inside a
// dialog tells the sender the dialog is gone (RFC 5057), and it is not.
//
// Pairing: the SIP adapter answers a leg's INFOs oldest first and sends a
// leg's INFOs one at a time, so relaying every INFO and every response in
// arrival order answers each INFO with the response to its own copy.
#include "engine/call/call.hpp"
#include "engine/digits/dtmf_info.hpp"

namespace ctib::call {

namespace {
constexpr int kNoPeer = 480;
}

void LegListener::on_leg_info(OutboundLeg& leg, const Info& /*info*/) {
  leg.respond_info(kNoPeer, {});
}

bool Call::bridged() const noexcept {
  return winner_ != nullptr && winner_->up() && (state_ == State::EarlyMedia || state_ == State::Answered);
}

void Call::on_caller_info(const Info& info) {
  if (caller_released_) {
    caller_->respond_info(481, {});  // A transferred B and left
    return;
  }
  timeline_note(TimelineKind::sip_in,
                [&] { return "INFO" + (info.body ? " " + info.body->content_type : std::string()); });
  // A DTMF INFO while a prompt waits for digits is a digit for it
  // (play_and_get_digits, digits.cpp), answered 200 at once.
  if (state_ == State::CollectingDigits && info.body) {
    if (auto digit = digits::parse_dtmf_info(info.body->content_type, info.body->payload)) {
      caller_->respond_info(200, {});
      return on_caller_digit(*digit);
    }
  }
  if (!bridged()) {
    caller_side().respond_info(kNoPeer, {});
    return;
  }
  winner_->send_info(info);
}

void Call::on_caller_info_response(int status, std::string_view phrase) {
  if (caller_released_) return;  // A's own, after it left
  if (bridged()) winner_->respond_info(status, phrase);
}

void Call::on_leg_info(OutboundLeg& leg, const Info& info) {
  if (&leg == stand_in_) {
    // The leg playing A's part after A transferred B (transfer.cpp).
    if (!bridged()) return leg.respond_info(kNoPeer, {});
    return winner_->send_info(info);
  }
  if (!bridged() || &leg != winner_) {
    leg.respond_info(kNoPeer, {});
    return;
  }
  caller_side().send_info(info);
}

void Call::on_leg_info_response(OutboundLeg& leg, int status, std::string_view phrase) {
  if (&leg == stand_in_) {
    if (bridged()) winner_->respond_info(status, phrase);
    return;
  }
  if (&leg == winner_) caller_side().respond_info(status, phrase);
}

}  // namespace ctib::call
