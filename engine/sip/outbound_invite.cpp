// Profile::invite and the OutboundLeg's response handling.

#include <sofia-sip/su_alloc.h>

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

namespace {

// An unsigned 1-255 Max-Forwards as text (RFC 3261 allows 0-255; 0 would be
// refused by the first hop, which the call core should decide, not us).
std::string max_forwards_text(unsigned n) { return std::to_string(n > 255 ? 255 : n); }

}  // namespace

base::Expected<std::unique_ptr<OutboundLeg>, Error> Profile::invite(const OutgoingInvite& request,
                                                                    OutboundLegHandler& handler) {
  if (state_ != State::running) {
    return base::unexpected(Error{ErrorCode::unavailable, "profile " + config_.name + " is shutting down"});
  }
  if (auto e = detail::check_uri(request.request_uri)) {
    return base::unexpected(*e);
  }
  if (request.outbound_proxy) {
    if (auto e = detail::check_uri(*request.outbound_proxy)) {
      return base::unexpected(*e);
    }
  }
  if (auto e = detail::check_headers(request.custom_headers)) {
    return base::unexpected(*e);
  }
  if (auto e = detail::check_body(request.body)) {
    return base::unexpected(*e);
  }

  NameAddr from = request.from;
  if (from.host.empty()) {
    from.host = config_.listen_ip + ":" + std::to_string(config_.port);
  }
  auto from_text = detail::format_name_addr(from);
  if (!from_text) {
    return base::unexpected(from_text.error());
  }
  // To: given parts, else the Request-URI itself.
  std::string to_text;
  if (!request.to.host.empty()) {
    auto formatted = detail::format_name_addr(request.to);
    if (!formatted) {
      return base::unexpected(formatted.error());
    }
    to_text = *formatted;
  } else {
    to_text = "<" + request.request_uri + ">";
  }
  std::string contact;
  const std::string& next_hop = request.outbound_proxy.value_or(request.request_uri);
  // The hop's transport: the proxy's, or the Request-URI's (a proxy given
  // as host:port takes the Request-URI's transport parameter).
  const bool over_tls =
      config_.tls_port != 0 && (detail::names_tls(next_hop) || detail::names_tls(request.request_uri));
  const bool over_tcp = !over_tls && (detail::names_tcp(next_hop) || detail::names_tcp(request.request_uri));
  if (over_tcp || over_tls) {
    // Our Contact must name TCP/TLS too, or the callee sends its
    // BYE/re-INVITE to us over UDP (contact.cpp).
    contact = detail::tcp_contact(config_.listen_ip, over_tls ? config_.tls_port : config_.port,
                                  request.contact_user.value_or(config_.contact_user), over_tls);
  } else if (request.contact_user) {
    auto formatted = detail::format_name_addr(
        NameAddr{{}, *request.contact_user, config_.listen_ip + ":" + std::to_string(config_.port)});
    if (!formatted) {
      return base::unexpected(formatted.error());
    }
    contact = *formatted;
  }

  // Our own Call-ID (sofia's generator), so the call core knows it at once
  // rather than after the first response.
  su_home_t* home = static_cast<su_home_t*>(su_home_new(sizeof(su_home_t)));
  sip_call_id_t* cid = sip_call_id_create(home, nullptr);
  std::string call_id = cid != nullptr ? detail::text(cid->i_id) : std::string();
  su_home_unref(home);

  nua_handle_t* nh =
      nua_handle(nua_, nullptr, NUTAG_URL(request.request_uri.c_str()), SIPTAG_FROM_STR(from_text->c_str()),
                 SIPTAG_TO_STR(to_text.c_str()), SIPTAG_CALL_ID_STR(call_id.c_str()),
                 // An outbound leg refreshes its own session (refresher=uac), as
                 // FreeSWITCH's outbound legs do (spec §6.3).
                 TAG_IF(config_.session_timers, NUTAG_SESSION_REFRESHER(nua_local_refresher)),
                 TAG_IF(config_.session_timers && request.session_expires.has_value(),
                        NUTAG_SESSION_TIMER(request.session_expires.value_or(0))),
                 TAG_IF(request.outbound_proxy.has_value(),
                        NUTAG_PROXY(request.outbound_proxy ? request.outbound_proxy->c_str() : "")),
                 TAG_END());
  if (nh == nullptr) {
    return base::unexpected(Error{ErrorCode::unavailable, "nua_handle failed"});
  }
  std::unique_ptr<OutboundLeg> leg(new OutboundLeg(*this, nh, call_id, handler));
  leg->auth_ = request.auth;
  nua_handle_bind(nh, leg.get());

  const std::string headers = detail::encode_headers(request.custom_headers);
  const std::string max_forwards = max_forwards_text(request.max_forwards);
  const auto& body = request.body;
  // The proxy again on the request itself: given to nua_handle() only, it
  // was not used (seen on 1.12.11: the INVITE went to the Request-URI), so
  // a NATed phone's received address and a gateway's outbound-proxy were
  // never the next hop. Given here it is, for the dialog's later requests too.
  nua_invite(nh, SIPTAG_MAX_FORWARDS_STR(max_forwards.c_str()),
             TAG_IF(request.outbound_proxy.has_value(),
                    NUTAG_PROXY(request.outbound_proxy ? request.outbound_proxy->c_str() : "")),
             TAG_IF(!contact.empty(), SIPTAG_CONTACT_STR(contact.c_str())),
             TAG_IF(body.has_value(), SIPTAG_CONTENT_TYPE_STR(body ? body->content_type.c_str() : "")),
             TAG_IF(body.has_value(), SIPTAG_PAYLOAD_STR(body ? body->data.c_str() : "")),
             TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  return leg;
}

OutboundLeg::OutboundLeg(Profile& profile, nua_handle_s* handle, std::string call_id, OutboundLegHandler& handler)
    : Leg(profile, handle, std::move(call_id)), handler_(&handler) {}

OutboundLeg::~OutboundLeg() {
  if (handle() != nullptr && (state() == LegState::initial || state() == LegState::early)) {
    nua_cancel(handle(), TAG_END());
  } else {
    end_dialog_for_destruction();
  }
  release_handle();
}

void OutboundLeg::handle_event(const detail::NuaEvent& event) {
  // Responses to the initial INVITE; once confirmed, nua_r_invite answers a
  // re-INVITE of ours and belongs to handle_common_event.
  if (event.event != nua_r_invite || final_received_) {
    handle_common_event(event);
    return;
  }
  if (event.status < 101) {
    return;  // 100 Trying
  }
  // §6.2: answer one 401/407 with the leg's account; sofia-sip resends the
  // INVITE with the Authorization. A second challenge is a final failure.
  if ((event.status == 401 || event.status == 407) && auth_ && !auth_sent_) {
    auth_sent_ = true;
    if (detail::authenticate(event.nh, event.sip, *auth_)) return;
  }
  if (event.status >= 200) {
    final_received_ = true;
  }
  if (event.status < 200) {
    if (state() == LegState::initial) {
      set_state(LegState::early);
    }
    handler_->on_provisional(*this, detail::response_of(event));
  } else if (event.status < 300) {
    set_state(LegState::confirmed);
    if (profile() != nullptr && profile()->config().session_timers) {
      detail::choose_refresh(event.nh, event.sip, /*inbound=*/false);
    }
    handler_->on_answer(*this, detail::response_of(event));
  } else {
    set_state(LegState::terminating);
    handler_->on_failure(*this, detail::response_of(event));
  }
}

}  // namespace ctib::sip
