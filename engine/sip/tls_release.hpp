#pragma once
// Frees the OpenSSL state sofia-sip forgets on every TLS connection.
//
// sofia-sip 1.12.11 (Debian 12) makes one OpenSSL `SSL` per TLS connection
// (tport_tls.c tls_init_secondary: SSL_new + SSL_set_bio with a socket BIO)
// and its tls_free, called when the connection is torn down
// (tport_tls_deinit_secondary), runs SSL_shutdown and BIO_free but never
// SSL_free: the SSL object, its record buffers and handshake state (~47 KB
// with OpenSSL 3) are lost with each connection, so any peer able to open
// TLS connections grows the engine without bound. Newer sofia-sip releases
// free it (SSL_free instead of BIO_free).
//
// The engine defines tls_init_secondary and tls_free itself (the same
// interposition as bye_guard.hpp; libsofia calls both through its PLT):
//  - tls_init_secondary runs sofia's, then checks that the connection's
//    context has the layout this file expects of sofia's private
//    `struct tls_s` (its SSL_CTX, SSL and BIO as the first fields after the
//    su_home, what Debian's build shows), asking OpenSSL whether the SSL
//    really is bound to that BIO, that socket and that SSL_CTX. Only
//    contexts that pass are remembered; one that does not is logged on
//    sofia's tport log at level 1 (the engine log shows it as a stack
//    error) and left to leak as before.
//  - tls_free of a remembered context sends close_notify (SSL_shutdown, as
//    sofia does) and frees the SSL, which also frees its BIO (SSL_set_bio
//    gave it the only reference) and drops the SSL_CTX reference the SSL
//    took; it clears those three fields so that sofia's tls_free, which
//    runs next, frees only its own memory (not the BIO again, and not the
//    SSL_CTX reference that sofia drops for every connection because it
//    copies the master's type to each connection). Anything else is left
//    to sofia's tls_free untouched.
//
// sofia's check of an outgoing connection's peer certificate
// (tls_post_connection_check, inlined in tls_connect) decodes each
// subjectAltName extension (X509V3_EXT_d2i) and lists its values
// (the method's i2v) but frees neither: ~220 bytes per outgoing TLS
// connection to a peer whose certificate has one. sofia keeps those names
// only to match TPTAG_TLS_VERIFY_SUBJECTS, which the engine never sets (and
// its "IP" never matches OpenSSL 3's "IP Address"). So the engine also
// defines OpenSSL's X509V3_EXT_get, which sofia calls first for each
// extension: called from libsofia it answers "no method", and sofia skips
// the extension; called from anywhere else (libssl, libcurl) it is
// OpenSSL's own. Should the engine ever set a subject policy, sofia would
// match the certificate's common name only.
//
// Ownership: the SSL belongs to sofia's connection context until tls_free;
// the remembered set holds addresses only. An interposed C function reaches
// no object but through the process, so the set is process-wide, like
// bye_guard's. Threading: tls_init_secondary and tls_free run on the loop
// thread (the one running sofia); X509V3_EXT_get on any thread that uses
// OpenSSL, and keeps no state of its own.

namespace ctib::sip {

// Whether libsofia, as the loader resolved it, calls the engine's
// tls_init_secondary, tls_free and X509V3_EXT_get (false with a static or
// -Bsymbolic sofia, or a static OpenSSL). Calling it also keeps
// tls_release.cpp in the link.
bool tls_release_linked() noexcept;

}  // namespace ctib::sip
