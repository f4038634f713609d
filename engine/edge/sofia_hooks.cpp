// The sofia-sip functions N engine workers reach through (decision 0020),
// defined by the engine as su_getmsgsize and su_vrecv are (datagram_gate.cpp,
// decision 0009): the executable's definition comes first and libsofia
// calls them through its PLT. Each does what sofia does, plus, when the live
// DatagramGate has several workers:
// - tport_bind_socket: SO_REUSEPORT before the bind, so every worker's
//   profile binds the same address and port and the kernel spreads what
//   arrives over them;
// - sip_call_id_create: a Call-ID that hashes to this worker, so every
//   answer and in-dialog request for a dialog this worker starts (B legs,
//   gateway REGISTER and OPTIONS) comes back to it, from any address;
// - su_root_register: notes which sofia transport watches which socket,
//   so a datagram forwarded by another worker can be read by the right one.
// With one worker, or no gate, each is sofia's own and nothing more.
// Threading: the loop thread (sofia's calls).

#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>
#include <sys/socket.h>

#include "engine/edge/datagram_gate.hpp"
#include "libs/base/interpose.hpp"
#include "engine/workers/ownership.hpp"

namespace {

template <typename F>
F sofia(const char* name) {
  return ctib::base::next_definition<F>(name);
}

bool several_workers(const ctib::edge::DatagramGate* gate) {
  return gate != nullptr && gate->ownership().count > 1;
}

// Tries before giving up on a Call-ID of our own: 1/N of sofia's random ones
// are ours, so with N ≤ 256 the chance to miss is (1 - 1/N)^(64N) < e^-64.
constexpr unsigned kMintTriesPerWorker = 64;

}  // namespace

extern "C" int tport_bind_socket(int socket, su_addrinfo_t* ai, char const** return_culprit) {
  using Bind = int (*)(int, su_addrinfo_t*, char const**);
  static const auto sofia_bind = sofia<Bind>("tport_bind_socket");
  if (several_workers(ctib::edge::DatagramGate::installed())) {
    const int one = 1;
    if (::setsockopt(socket, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
      if (return_culprit != nullptr) *return_culprit = "setsockopt(SO_REUSEPORT)";
      return -1;
    }
  }
  return sofia_bind(socket, ai, return_culprit);
}

extern "C" sip_call_id_t* sip_call_id_create(su_home_t* home, char const* domain) {
  using Create = sip_call_id_t* (*)(su_home_t*, char const*);
  static const auto sofia_create = sofia<Create>("sip_call_id_create");
  const auto* gate = ctib::edge::DatagramGate::installed();
  sip_call_id_t* id = sofia_create(home, domain);
  if (!several_workers(gate)) return id;
  const auto& ownership = gate->ownership();
  for (unsigned tries = 1;
       id != nullptr && !ownership.owns(id->i_id) && tries < kMintTriesPerWorker * ownership.count; ++tries) {
    su_free(home, id);
    id = sofia_create(home, domain);
  }
  return id;
}

extern "C" int su_root_register(su_root_t* root, su_wait_t* wait, su_wakeup_f callback, su_wakeup_arg_t* arg,
                                int priority) {
  using Register = int (*)(su_root_t*, su_wait_t*, su_wakeup_f, su_wakeup_arg_t*, int);
  static const auto sofia_register = sofia<Register>("su_root_register");
  if (auto* gate = ctib::edge::DatagramGate::installed(); gate != nullptr && wait != nullptr) {
    gate->note_registration(wait->fd, static_cast<void*>(arg));
  }
  return sofia_register(root, wait, callback, arg, priority);
}

namespace ctib::edge {

bool sofia_hooks_linked() noexcept {
  return base::interposes("tport_bind_socket", reinterpret_cast<const void*>(&::tport_bind_socket)) &&
         base::interposes("sip_call_id_create", reinterpret_cast<const void*>(&::sip_call_id_create)) &&
         base::interposes("su_root_register", reinterpret_cast<const void*>(&::su_root_register)) &&
         base::next_definition("tport_recv_event") != nullptr;
}

}  // namespace ctib::edge
