// The Contact we put on dialogs carried over TCP (responses to an INVITE
// that came over TCP, INVITEs we send over TCP). sofia-sip builds one Contact
// per profile, from its first transport (UDP), with no transport parameter:
// a phone that called us over TCP then sent its ACK, BYE and re-INVITE to
// that Contact over UDP, where a phone behind NAT is not reachable.

#include <algorithm>
#include <cctype>

#include "engine/sip/internal/nua.hpp"

namespace ctib::sip::detail {

std::string tcp_contact(const std::string& listen_ip, unsigned port, const std::string& user, bool tls) {
  const bool v6 = listen_ip.find(':') != std::string::npos;
  std::string host = v6 ? "[" + listen_ip + "]" : listen_ip;
  return "<sip:" + (user.empty() ? std::string() : user + "@") + host + ":" + std::to_string(port) +
         (tls ? ";transport=tls>" : ";transport=tcp>");
}

std::string udp_contact(const std::string& listen_ip, unsigned port, const std::string& user) {
  const bool v6 = listen_ip.find(':') != std::string::npos;
  std::string host = v6 ? "[" + listen_ip + "]" : listen_ip;
  return "<sip:" + (user.empty() ? std::string() : user + "@") + host + ":" + std::to_string(port) + ">";
}

bool names_tls(std::string_view uri) {
  std::string lower(uri);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.rfind("sips:", 0) == 0 || lower.find(";transport=tls") != std::string::npos;
}

bool names_tcp(std::string_view uri) {
  std::string lower(uri);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find(";transport=tcp") != std::string::npos;
}

}  // namespace ctib::sip::detail
