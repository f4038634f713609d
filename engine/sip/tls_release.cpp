#include "engine/sip/tls_release.hpp"

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sofia-sip/su_alloc.h>
#include <sofia-sip/su_log.h>

#include <cstddef>
#include <unordered_set>

#include "libs/base/interpose.hpp"

extern "C" {
extern su_log_t tport_log[];  // libsofia's transport log; no public header declares it
}

namespace {

// The head of sofia-sip's private `struct tls_s` (tport_tls.c): Debian's
// libsofia-sip-ua 1.12.11 reads ctx at +0x18, con at +0x20 and bio_con at
// +0x28 (tls_free, tls_init_secondary). Trusted per connection only after
// the checks in tls_init_secondary below.
struct SofiaTls {
  su_home_t home[1];
  SSL_CTX* ctx;
  SSL* con;
  BIO* bio_con;
};
static_assert(offsetof(SofiaTls, ctx) == 0x18 && offsetof(SofiaTls, con) == 0x20 &&
                  offsetof(SofiaTls, bio_con) == 0x28,
              "the layout of Debian's libsofia-sip-ua 1.12.11 on x86-64");

// Connection contexts whose layout was verified, until tls_free. Never
// destroyed: sofia may tear a connection down from an exit handler.
std::unordered_set<const void*>& verified() {
  static auto* contexts = new std::unordered_set<const void*>();
  return *contexts;
}

bool looks_like_sofias(const SofiaTls* master, const SofiaTls* tls, int socket) {
  // Compare what needs no dereference first: a connection copies its
  // master's SSL_CTX pointer into the same field.
  if (master == nullptr || tls->ctx == nullptr || tls->ctx != master->ctx || tls->con == nullptr ||
      tls->bio_con == nullptr) {
    return false;
  }
  return SSL_get_SSL_CTX(tls->con) == tls->ctx && SSL_get_rbio(tls->con) == tls->bio_con &&
         SSL_get_wbio(tls->con) == tls->bio_con && BIO_get_fd(tls->bio_con, nullptr) == socket;
}

}  // namespace

// tport_tls.c: the TLS state of one connection on `sock`, from its
// listener's (or client's) `master`.
extern "C" void* tls_init_secondary(void* master, int sock, int accept) {
  using Init = void* (*)(void*, int, int);
  static const auto sofia_init = ctib::base::next_definition<Init>("tls_init_secondary");
  void* tls = sofia_init(master, sock, accept);
  if (tls == nullptr) return tls;
  if (looks_like_sofias(static_cast<const SofiaTls*>(master), static_cast<const SofiaTls*>(tls), sock)) {
    verified().insert(tls);
  } else {
    su_llog(tport_log, 1, "tls_init_secondary(%p): not the layout tls_release.cpp expects; its SSL leaks\n",
            tls);
  }
  return tls;
}

// tport_tls.c: frees a TLS context, a connection's or a listener's.
extern "C" void tls_free(void* context) {
  using Free = void (*)(void*);
  static const auto sofia_free = ctib::base::next_definition<Free>("tls_free");
  if (context != nullptr && verified().erase(context) != 0) {
    auto* tls = static_cast<SofiaTls*>(context);
    // close_notify, as sofia's own tls_free sends; the peer may be gone
    // (sofia ignores SIGPIPE for OpenSSL's sake, tls_init_master).
    SSL_shutdown(tls->con);
    SSL_free(tls->con);  // and the BIO, and the SSL's SSL_CTX reference
    tls->con = nullptr;
    tls->bio_con = nullptr;
    tls->ctx = nullptr;  // sofia would drop the SSL_CTX reference again
  }
  sofia_free(context);
}

// OpenSSL: the method that decodes and lists an extension's values. See
// the header: asked by libsofia (tls_connect's certificate check), the
// answer is "none", so sofia skips the extension instead of leaking its
// decoded subjectAltNames; every other caller gets OpenSSL's own answer.
extern "C" const X509V3_EXT_METHOD* X509V3_EXT_get(X509_EXTENSION* ext) {
  using Get = const X509V3_EXT_METHOD* (*)(X509_EXTENSION*);
  static const auto openssl_get = ctib::base::next_definition<Get>("X509V3_EXT_get");
  static const void* const sofia = ctib::base::next_definition("tls_free");
  if (ctib::base::same_object(__builtin_return_address(0), sofia)) return nullptr;
  return openssl_get(ext);
}

namespace ctib::sip {

bool tls_release_linked() noexcept {
  return base::interposes("tls_init_secondary", reinterpret_cast<const void*>(&::tls_init_secondary)) &&
         base::interposes("tls_free", reinterpret_cast<const void*>(&::tls_free)) &&
         base::interposes("X509V3_EXT_get", reinterpret_cast<const void*>(&::X509V3_EXT_get));
}

}  // namespace ctib::sip
