#pragma once
// Adapters between the SIP adapter (engine/sip: typed SIP events and
// commands) and the call core (engine/call: ports). Nothing here decides
// anything about a call; it translates, so each side stays ignorant of the
// other's types.
//
// Ownership: a Call owns its CallerLeg (a SipCallerLeg, which owns the
// sip::InboundLeg) and its CalleeLegs (SipCalleeLegs, each owning a
// sip::OutboundLeg). Events of a sip leg go to the adapter that owns it,
// which forwards them to the Call / CalleeEvents it was given. Loop thread only.

#include <memory>
#include <optional>

#include "engine/call/call.hpp"
#include "engine/call/ports.hpp"
#include "engine/sip/handlers.hpp"
#include "engine/sip/leg.hpp"
#include "engine/sip/types.hpp"

namespace ctib::b2bua {

std::optional<call::Body> to_call(const std::optional<sip::Body>& body);
std::optional<sip::Body> to_sip(const call::Body* body);
call::Info to_call(const sip::Info& info);
sip::Info to_sip(const call::Info& info);
// A REFER's typed target for the call core; nullopt (answered 400 by the
// caller of this) when its Refer-To could not be used.
std::optional<call::TransferRequest> to_call(const sip::Refer& refer);
// The cause of a `Reason: Q.850;cause=N` header, if that is what it is.
std::optional<int> q850_of(const std::optional<sip::Reason>& reason);

class SipCallerLeg final : public call::CallerLeg, public sip::InboundLegHandler {
 public:
  explicit SipCallerLeg(std::unique_ptr<sip::InboundLeg> leg);
  ~SipCallerLeg() override;

  // The call whose A leg this is; set once, right after the Call is built.
  void attach(call::Call& call) noexcept { call_ = &call; }

  // call::CallerLeg
  void send_provisional(int status, const call::Body* sdp) override;
  void answer(const call::Body* sdp) override;
  void refuse(int status, std::string_view reason) override;
  void hangup(std::string_view reason) override;
  void send_reinvite(const call::Body& sdp) override;
  void respond_reinvite(int status, const call::Body* sdp) override;
  void send_info(const call::Info& info) override;
  void respond_info(int status, std::string_view phrase) override;
  void respond_transfer(int status) override;
  void notify_transfer(int status) override;

  // sip::InboundLegHandler
  void on_cancel(sip::InboundLeg& leg, const std::optional<sip::Reason>& reason) override;
  void on_bye(sip::Leg& leg, const sip::Hangup& hangup) override;
  void on_modify(sip::Leg& leg, const sip::ModifyRequest& request) override;
  void on_modify_response(sip::Leg& leg, const sip::Response& response) override;
  void on_info(sip::Leg& leg, const sip::Info& info) override;
  void on_info_response(sip::Leg& leg, const sip::Response& response) override;
  void on_refer(sip::Leg& leg, const sip::Refer& refer) override;
  void on_terminated(sip::Leg& leg, const sip::Termination& termination) override;

 private:
  void respond(sip::Reply reply);
  std::unique_ptr<sip::InboundLeg> leg_;
  call::Call* call_ = nullptr;
  bool ended_ = false;  // BYE/CANCEL seen or sent: the call knows the leg is gone
};

class SipCalleeLeg final : public call::CalleeLeg, public sip::OutboundLegHandler {
 public:
  explicit SipCalleeLeg(call::CalleeEvents& events) : events_(events) {}
  ~SipCalleeLeg() override;

  void adopt(std::unique_ptr<sip::OutboundLeg> leg) noexcept { leg_ = std::move(leg); }

  // call::CalleeLeg
  void cancel(std::string_view reason) override;
  void hangup(std::string_view reason) override;
  void send_reinvite(const call::Body& sdp) override;
  void respond_reinvite(int status, const call::Body* sdp) override;
  void send_info(const call::Info& info) override;
  void respond_info(int status, std::string_view phrase) override;
  void respond_transfer(int status) override;
  void notify_transfer(int status) override;

  // sip::OutboundLegHandler
  void on_provisional(sip::OutboundLeg& leg, const sip::Response& response) override;
  void on_answer(sip::OutboundLeg& leg, const sip::Response& response) override;
  void on_failure(sip::OutboundLeg& leg, const sip::Response& response) override;
  void on_bye(sip::Leg& leg, const sip::Hangup& hangup) override;
  void on_modify(sip::Leg& leg, const sip::ModifyRequest& request) override;
  void on_modify_response(sip::Leg& leg, const sip::Response& response) override;
  void on_info(sip::Leg& leg, const sip::Info& info) override;
  void on_info_response(sip::Leg& leg, const sip::Response& response) override;
  void on_refer(sip::Leg& leg, const sip::Refer& refer) override;
  void on_terminated(sip::Leg& leg, const sip::Termination& termination) override;

 private:
  call::CalleeEvents& events_;
  std::unique_ptr<sip::OutboundLeg> leg_;
  bool answered_ = false;
  bool reported_end_ = false;  // failure/BYE told to the call, or we ended it
};

}  // namespace ctib::b2bua
