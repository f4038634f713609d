// A new INVITE: parse it into an IncomingInvite at the edge, bind a new
// InboundLeg to the stack's handle and hand both to the ProfileHandler.
// Also the InboundLeg's own event handling (CANCEL, ACK).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_string.h>

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

namespace detail {

// The socket peer of the request being delivered (not the Via, which the
// sender controls).
SourceAddress source_of(nua_t* nua) {
  SourceAddress out;
  msg_t* msg = nua_current_request(nua);
  if (msg == nullptr) {
    return out;
  }
  su_sockaddr_t su{};
  socklen_t len = sizeof su;
  if (msg_get_address(msg, &su, &len) != 0) {
    return out;
  }
  char buf[INET6_ADDRSTRLEN] = {};
  if (su.su_family == AF_INET) {
    inet_ntop(AF_INET, &su.su_sin.sin_addr, buf, sizeof buf);
    out.port = ntohs(su.su_sin.sin_port);
  } else if (su.su_family == AF_INET6) {
    inet_ntop(AF_INET6, &su.su_sin6.sin6_addr, buf, sizeof buf);
    out.port = ntohs(su.su_sin6.sin6_port);
  }
  out.ip = buf;
  if (const su_addrinfo_t* ai = msg_addrinfo(msg); ai != nullptr) {
    switch (ai->ai_protocol) {
      case IPPROTO_UDP: out.transport = Transport::udp; break;
      case IPPROTO_TCP: out.transport = Transport::tcp; break;
      default:
        // sofia's TCP tport leaves ai_protocol 0 on received messages (seen
        // on 1.12.11); the socket type still tells.
        out.transport = ai->ai_socktype == SOCK_STREAM  ? Transport::tcp
                        : ai->ai_socktype == SOCK_DGRAM ? Transport::udp
                                                        : Transport::other;
        break;
    }
    // sofia's address info does not tell TLS from TCP; a stream whose
    // sender's Via says TLS came through our TLS listener (a TCP one would
    // not have parsed a TLS handshake).
    const sip_t* sip = sip_object(msg);
    if (out.transport == Transport::tcp && sip != nullptr && sip->sip_via != nullptr &&
        sip->sip_via->v_protocol != nullptr && su_casematch(sip->sip_via->v_protocol, "SIP/2.0/TLS")) {
      out.transport = Transport::tls;
    }
  }
  return out;
}

}  // namespace detail

namespace {

std::vector<std::string> items_of(const msg_list_t* list) {
  std::vector<std::string> out;
  for (; list != nullptr; list = list->k_next) {
    for (const msg_param_t* item = list->k_items; item != nullptr && *item != nullptr; ++item) {
      out.emplace_back(*item);
    }
  }
  return out;
}

IncomingInvite parse_invite(const detail::NuaEvent& event) {
  const sip_t* sip = event.sip;
  IncomingInvite in;
  in.call_id = sip->sip_call_id != nullptr ? detail::text(sip->sip_call_id->i_id) : std::string();
  in.from = detail::name_addr_of(sip->sip_from);
  in.to = detail::name_addr_of(sip->sip_to);
  if (sip->sip_request != nullptr) {
    su_home_t* home = static_cast<su_home_t*>(su_home_new(sizeof(su_home_t)));
    in.request_uri = detail::text(url_as_string(home, sip->sip_request->rq_url));
    su_home_unref(home);
    in.request_user = detail::text(sip->sip_request->rq_url->url_user);
  }
  in.source = detail::source_of(event.nua);
  in.proxy_authorization = detail::digest_credentials_of(sip->sip_proxy_authorization);
  if (sip->sip_max_forwards != nullptr) {
    in.max_forwards = static_cast<unsigned>(sip->sip_max_forwards->mf_count);
  }
  in.body = detail::body_of(sip);
  in.custom_headers = detail::custom_headers_of(sip);
  in.require = items_of(sip->sip_require);
  in.supported = items_of(sip->sip_supported);
  return in;
}

}  // namespace

void Profile::on_new_invite(const detail::NuaEvent& event) {
  if (state_ != State::running || event.sip == nullptr) {
    nua_respond(event.nh, SIP_503_SERVICE_UNAVAILABLE, TAG_END());
    nua_handle_destroy(event.nh);
    return;
  }
  if (event.status >= 300) {
    // The stack refused it itself (e.g. 422 Session Interval Too Small). 1.12.11
    // does not report such an INVITE at all (sipp.session_timer_too_small);
    // should a version report it, it must not become a call. The handle is
    // ours to release.
    nua_handle_destroy(event.nh);
    return;
  }
  if (config_.session_timers) {
    detail::choose_refresh(event.nh, event.sip, /*inbound=*/true);
  }
  IncomingInvite invite = parse_invite(event);
  std::unique_ptr<InboundLeg> leg(new InboundLeg(*this, event.nh, invite.call_id));
  leg->over_tcp_ = invite.source.transport == Transport::tcp;
  leg->over_tls_ = invite.source.transport == Transport::tls;
  nua_handle_bind(event.nh, leg.get());
  handler_.on_invite(std::move(leg), invite);
}

InboundLeg::InboundLeg(Profile& profile, nua_handle_s* handle, std::string call_id)
    : Leg(profile, handle, std::move(call_id)) {}

InboundLeg::~InboundLeg() {
  if (handle() != nullptr && (state() == LegState::initial || state() == LegState::early)) {
    // Dropped without a final answer: refuse rather than leave the caller ringing.
    nua_respond(handle(), SIP_500_INTERNAL_SERVER_ERROR, TAG_END());
  } else {
    end_dialog_for_destruction();
  }
  release_handle();
}

void InboundLeg::handle_event(const detail::NuaEvent& event) {
  switch (event.event) {
    case nua_i_cancel:
      // sofia has answered CANCEL 200 and the INVITE 487 already.
      set_state(LegState::terminating);
      if (handler_ != nullptr) {
        handler_->on_cancel(*this, detail::reason_of(event.sip));
      }
      return;
    case nua_i_ack:
      if (handler_ != nullptr) {
        handler_->on_ack(*this, detail::body_of(event.sip));
      }
      return;
    default:
      handle_common_event(event);
      return;
  }
}

}  // namespace ctib::sip
