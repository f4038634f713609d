// Profile: creates the NUA agent with the tags a B2BUA needs and routes every
// nua event to the leg bound to its handle.

#include "engine/sip/profile.hpp"

#include <sofia-sip/nta_tag.h>
#include <sofia-sip/tport_tag.h>
#include <sofia-sip/su_wait.h>

#include <string>

#include "engine/sip/bye_guard.hpp"
#include "engine/sip/tls_release.hpp"

#include "engine/sip/internal/nua.hpp"

namespace ctib::sip {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) {
      out += ", ";
    }
    out += item;
  }
  return out;
}

}  // namespace

void ProfileCallbacks::on_event(nua_event_t event, int status, char const* phrase, nua_t* nua, nua_magic_t* magic,
                                nua_handle_t* nh, nua_hmagic_t* /*hmagic*/, sip_t const* sip, tagi_t tags[]) {
  auto* profile = static_cast<Profile*>(magic);
  profile->on_nua_event(detail::NuaEvent{event, status, phrase, nua, nh, sip, tags});
}

Profile::Profile(su_root_t* root, ProfileConfig config, ProfileHandler& handler)
    : root_(root), config_(std::move(config)), handler_(handler) {}

base::Expected<std::unique_ptr<Profile>, Error> Profile::create(su_root_t* root, ProfileConfig config,
                                                                ProfileHandler& handler) {
  if (root == nullptr) {
    return base::unexpected(Error{ErrorCode::unavailable, "no su_root"});
  }
  // A sofia that binds its own calls cannot be guarded against the BYE
  // recursion (bye_guard.hpp): better no profile than a remote crash.
  if (!bye_guard_linked()) {
    return base::unexpected(
        Error{ErrorCode::unavailable, "libsofia does not call the engine's nua_client_create (bye_guard.hpp)"});
  }
  // Nor TLS that loses each connection's OpenSSL state (tls_release.hpp).
  if (config.tls_port != 0 && !tls_release_linked()) {
    return base::unexpected(Error{ErrorCode::unavailable,
                                  "libsofia does not call the engine's tls_free (tls_release.hpp): no TLS"});
  }
  std::unique_ptr<Profile> profile(new Profile(root, std::move(config), handler));
  const ProfileConfig& c = profile->config_;
  // "sip:IP:PORT" without a transport parameter binds every transport the
  // build supports on that address: UDP and TCP here (TLS needs sips: + certs).
  const std::string bind_url = "sip:" + c.listen_ip + ":" + std::to_string(c.port);
  // TLS is a second listener, on its own port, as FreeSWITCH's tls-sip-port.
  const bool tls = c.tls_port != 0;
  const std::string sips_url = "sips:" + c.listen_ip + ":" + std::to_string(c.tls_port);
  profile->allowed_ = c.allow;
  if (c.reliable_provisional) profile->allowed_.emplace_back("PRACK");
  if (c.accept_register) profile->allowed_.emplace_back("REGISTER");
  const std::string allow = join(profile->allowed_);
  std::vector<std::string> extensions = c.supported;
  if (c.reliable_provisional) extensions.emplace_back("100rel");
  if (c.session_timers) extensions.emplace_back("timer");
  const std::string supported = join(extensions);

  profile->nua_ = nua_create(
      root, &ProfileCallbacks::on_event, profile.get(), NUTAG_URL(bind_url.c_str()),
      TAG_IF(tls, NUTAG_SIPS_URL(sips_url.c_str())), TAG_IF(tls, TPTAG_CERTIFICATE(c.tls_cert_dir.c_str())),
      // B2BUA: SDP is relayed opaquely, never negotiated by sofia's soa.
      NUTAG_MEDIA_ENABLE(0),
      // The call core decides every 18x/2xx; sofia only ACKs 2xx for us.
      NUTAG_AUTOALERT(0), NUTAG_AUTOANSWER(0), NUTAG_AUTOACK(1),
      // 100rel/PRACK only with reliable_provisional, run by sofia per leg
      // (spec §6.4, decision 0022): `100rel` in our Supported makes nua send
      // an 18x reliably when the caller requires it (or supports it, for a
      // 183), answer the PRACK, and PRACK a callee's reliable 18x itself.
      // NUTAG_EARLY_MEDIA(0) keeps a caller that only supports 100rel on
      // unreliable 180s. Session timers are per leg, nothing crosses between
      // A and B (spec §6.3), so sofia runs them: it adds Session-Expires and
      // Min-SE, answers 422, refreshes and sends BYE on expiry (decision 0007).
      NUTAG_EARLY_MEDIA(0), NUTAG_SESSION_TIMER(c.session_timers ? c.session_expires : 0),
      TAG_IF(c.session_timers, NUTAG_MIN_SE(c.min_se)),
      SIPTAG_SUPPORTED(reinterpret_cast<const sip_supported_t*>(SIP_NONE)),
      TAG_IF(!supported.empty(), SIPTAG_SUPPORTED_STR(supported.c_str())),
      SIPTAG_ALLOW_STR(allow.c_str()),
      // The application answers UPDATE itself (relayed like a re-INVITE).
      NUTAG_APPL_METHOD("UPDATE"), TAG_IF(c.accept_register, NUTAG_APPL_METHOD("REGISTER")),
      NUTAG_ENABLEMESSAGE(0),
      SIPTAG_USER_AGENT_STR(c.user_agent.c_str()), NUTAG_M_USERNAME(c.contact_user.c_str()),
      TAG_IF(c.transaction_linger_ms.has_value(), NTATAG_SIP_T1X64(c.transaction_linger_ms.value_or(0))),
      // OPTIONS and INFO are answered by us (out_of_dialog.cpp, leg.cpp):
      // the stack would answer 200 to anyone, outside a dialog too.
      NUTAG_APPL_METHOD("OPTIONS"), NUTAG_APPL_METHOD("INFO"),
      // REFER too (refer.cpp): the stack would accept any REFER 202; the
      // call core decides (blind transfer, 501 for Replaces, decision 0015).
      NUTAG_APPL_METHOD("REFER"),
      TPTAG_IDLE(c.tcp_idle_timeout_ms), TPTAG_TIMEOUT(c.tcp_header_timeout_ms),
      // RFC 5626 keep-alive: a double CRLF on a TCP connection is answered
      // with one CRLF (the phone then knows its NAT binding is alive).
      TPTAG_PONG2PING(1),
      TAG_END());
  if (profile->nua_ == nullptr) {
    return base::unexpected(Error{ErrorCode::unavailable, "cannot bind " + bind_url});
  }
  return profile;
}

void Profile::on_nua_event(const detail::NuaEvent& event) {
  if (event.event == nua_r_shutdown) {
    on_shutdown_reply(event.status);
    return;
  }
  if (event.nh == nullptr) {
    return;  // agent-level replies (nua_r_set_params, ...) carry nothing for us
  }
  void* magic = nua_handle_magic(event.nh);
  if (auto* request = static_cast<ClientRequest*>(magic); request != nullptr && requests_.count(request) != 0) {
    request->handle_event(event);  // may destroy the request: nothing after this
    return;
  }
  auto* leg = static_cast<Leg*>(magic);
  if (leg != nullptr) {
    leg->handle_event(event);  // may destroy the leg: nothing after this
    return;
  }
  if (event.event == nua_i_invite) {
    on_new_invite(event);
    return;
  }
  if (event.event == nua_i_register) {
    on_new_register(event);
    return;
  }
  if (event.event == nua_i_options || event.event == nua_i_info || event.event == nua_i_refer) {
    on_out_of_dialog(event);
    return;
  }
  // A handle nobody owns: an out-of-dialog request the stack has already
  // answered (OPTIONS), or a late event for a stack-created handle. Release
  // it so it does not live until shutdown.
  const bool own_handle = event.nh != nua_default(event.nua);
  if (own_handle && (nua_event_is_incoming_request(event.event) != 0 || event.event == nua_i_state ||
                     event.event == nua_i_terminated)) {
    nua_handle_destroy(event.nh);
  }
}

}  // namespace ctib::sip
