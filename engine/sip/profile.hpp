#pragma once
// One named SIP profile (FreeSWITCH-style `internal` / `external`): one
// sofia-sip NUA agent listening on ip:port over UDP and TCP, with its own
// Contact, User-Agent, Allow and Supported.
//
// Ownership: the composition root owns the Profile; the Profile owns its nua
// agent. Legs are owned by the call core; the Profile only knows them to
// release their handles when it stops. A Profile must outlive the su_root it
// was created on being run, and must not be destroyed from inside one of its
// own callbacks: call shutdown() and destroy it once `done` has run.
//
// Threading: everything - construction, commands, callbacks, destruction - on
// the thread that runs `root`. sofia-sip may run its transaction engine on a
// clone thread of that root; it talks to us only through `root`'s queue.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/sip/client_request.hpp"
#include "engine/sip/handlers.hpp"
#include "engine/sip/leg.hpp"
#include "engine/sip/types.hpp"
#include "libs/base/expected.hpp"

struct nua_s;
struct su_timer_s;
typedef struct su_root_s su_root_t;  // NOLINT(modernize-use-using): sofia's own typedef

namespace ctib::sip {

namespace detail {
struct NuaEvent;
}

struct ProfileConfig {
  std::string name = "internal";
  std::string listen_ip = "127.0.0.1";  // a literal address to bind (UDP and TCP)
  std::uint16_t port = 5060;
  // TLS (FreeSWITCH's tls / tls-sip-port / tls-cert-dir): a sips: listener on
  // `tls_port` with the certificate directory sofia-sip reads (agent.pem:
  // key and certificate; cafile.pem: trusted CAs). 0 = no TLS.
  std::uint16_t tls_port = 0;
  std::string tls_cert_dir;
  std::string user_agent = "ctibridge";
  std::string contact_user = "ctib";  // user part of our Contact
  // Methods we handle. PRACK is added with reliable_provisional (spec §6.4).
  std::vector<std::string> allow = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "INFO", "REFER"};
  // Extensions we promise. Empty by default: sofia-sip's own default
  // (`timer, 100rel`) would promise session timers and PRACK that the call
  // core does not relay between legs.
  std::vector<std::string> supported = {};
  // How long finished transactions are kept to absorb retransmissions
  // (64*T1, sofia default 32000 ms, ~29 KB each). Lowering it saves memory at
  // the cost of answering late retransmissions as new requests.
  std::optional<unsigned> transaction_linger_ms;
  // Answer REGISTER through ProfileHandler::on_register (a registrar
  // profile); otherwise the stack refuses REGISTER with 405.
  bool accept_register = false;
  // TCP: a connection with no traffic this long is closed (TPTAG_IDLE), and
  // one whose message has begun but not ended this long (TPTAG_TIMEOUT).
  // Without TPTAG_IDLE a connection whose peer sent an unparsable message
  // and closed stays in CLOSE-WAIT for as long as sofia keeps it (observed:
  // 20-30 minutes); see docs/security.md.
  unsigned tcp_idle_timeout_ms = 60000;
  unsigned tcp_header_timeout_ms = 5000;
  // RFC 4028 session timers, run per leg by sofia-sip (decision 0007). Off:
  // `timer` is not in Supported and a peer's Session-Expires is ignored. On:
  // `timer` is supported, a Session-Expires below `min_se` gets 422, our
  // INVITEs and answers ask for `session_expires` (0 = only honour the
  // peer's), outbound legs refresh themselves (refresher=uac), inbound legs
  // let the caller refresh; a leg whose session expires or whose refresh
  // fails ends with Termination::timer_expired.
  bool session_timers = false;
  unsigned session_expires = 0;  // s
  unsigned min_se = 0;           // s; 0 = no minimum of ours
  // RFC 3262 (FreeSWITCH's enable-100rel, decision 0022), run by sofia-sip per
  // leg as FreeSWITCH does: `100rel` in Supported, PRACK in Allow. An inbound
  // leg's 18x goes reliably when the caller requires 100rel (any 18x) or
  // supports it (183); the stack answers the caller's PRACK. A reliable 18x
  // on an outbound leg is PRACKed by the stack. Off: an INVITE requiring
  // 100rel gets 420 (decision 0018). PRACKs are not relayed between legs.
  bool reliable_provisional = false;
};

class Profile {
 public:
  // Binds the listen address; fails with ErrorCode::unavailable if it cannot.
  static base::Expected<std::unique_ptr<Profile>, Error> create(su_root_t* root, ProfileConfig config,
                                                                ProfileHandler& handler);
  Profile(const Profile&) = delete;
  Profile& operator=(const Profile&) = delete;
  // Prefer shutdown(). If the stack is still running, this shuts it down
  // synchronously by stepping `root` (bounded to ~5 s).
  ~Profile();

  [[nodiscard]] const ProfileConfig& config() const noexcept { return config_; }
  [[nodiscard]] bool running() const noexcept { return state_ == State::running; }
  // The methods this profile's stack accepts, as its Allow header lists
  // them (the edge's stateless 405 lists the same).
  [[nodiscard]] const std::vector<std::string>& allowed_methods() const noexcept { return allowed_; }

  // Starts an outbound dialog. The target, proxy, From/To and headers are
  // validated first: nothing malformed reaches the stack.
  base::Expected<std::unique_ptr<OutboundLeg>, Error> invite(const OutgoingInvite& request,
                                                             OutboundLegHandler& handler);

  // Out-of-dialog requests (gateway registration and ping); see
  // client_request.hpp. Validated first like invite().
  base::Expected<std::unique_ptr<ClientRequest>, Error> send_register(const OutgoingRegister& request,
                                                                      ClientRequest::Done done);
  base::Expected<std::unique_ptr<ClientRequest>, Error> send_options(const OutgoingOptions& request,
                                                                     ClientRequest::Done done);

  // Graceful stop: sofia ends every dialog (legs get on_terminated), then the
  // agent is destroyed and `done` runs (from a timer, never inside a nua
  // callback, so `done` may destroy the Profile). Calling it twice is a no-op.
  void shutdown(std::function<void()> done);

 private:
  enum class State : std::uint8_t { running, stopping, stopped };

  Profile(su_root_t* root, ProfileConfig config, ProfileHandler& handler);
  friend class Leg;
  friend class ClientRequest;
  friend struct ProfileCallbacks;

  void on_nua_event(const detail::NuaEvent& event);
  void on_new_invite(const detail::NuaEvent& event);
  void on_new_register(const detail::NuaEvent& event);
  void on_out_of_dialog(const detail::NuaEvent& event);  // OPTIONS, INFO (out_of_dialog.cpp)
  void on_shutdown_reply(int status);
  void finish_shutdown();  // releases remaining handles, nua_destroy, done

  su_root_t* root_;
  ProfileConfig config_;
  std::vector<std::string> allowed_;  // config_.allow, plus REGISTER when accepted
  ProfileHandler& handler_;
  nua_s* nua_ = nullptr;
  su_timer_s* finish_timer_ = nullptr;
  State state_ = State::running;
  bool shutdown_replied_ = false;  // nua_r_shutdown with a final status arrived
  std::function<void()> done_;
  std::unordered_set<Leg*> legs_;  // live legs with this profile (not owned)
  std::unordered_set<ClientRequest*> requests_;  // live client requests (not owned)
};

}  // namespace ctib::sip
