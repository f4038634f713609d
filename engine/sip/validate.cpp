// Typed values → wire text, validated before anything reaches the stack. A
// request built from a malformed target fails inside sofia with a synthetic
// 9xx and can leave the other leg waiting, so we refuse such input here with
// a typed Error instead (docs/sip-adapter.md, "Validation").

#include <sofia-sip/hostdomain.h>
#include <sofia-sip/su_alloc.h>
#include <sofia-sip/url.h>

#include <cctype>
#include <memory>
#include <string>

#include "engine/sip/internal/nua.hpp"

namespace ctib::sip::detail {

namespace {

// A scratch sofia home freed on scope exit.
struct Home {
  su_home_t* home = static_cast<su_home_t*>(su_home_new(sizeof(su_home_t)));
  Home() = default;
  Home(const Home&) = delete;
  Home& operator=(const Home&) = delete;
  ~Home() { su_home_unref(home); }
};

bool is_token_char(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '!' || c == '%' || c == '*' || c == '_' ||
         c == '+' || c == '`' || c == '\'' || c == '~';
}

// RFC 3261 `user`: unreserved / escaped / user-unreserved.
bool is_user_char(unsigned char c) {
  return std::isalnum(c) != 0 || std::string_view("-_.!~*'()&=+$,;?/").find(static_cast<char>(c)) !=
                                     std::string_view::npos;
}

bool printable_single_line(std::string_view s) {
  for (unsigned char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') {
      return false;
    }
  }
  return true;
}

Error error(ErrorCode code, std::string detail) { return Error{code, std::move(detail)}; }

// host or host:port, host being a domain name or an IP literal.
bool valid_host_port(std::string_view hp) {
  std::string host(hp);
  std::string port;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string::npos) {
      return false;
    }
    if (close + 1 < host.size()) {
      if (host[close + 1] != ':') {
        return false;
      }
      port = host.substr(close + 2);
    }
    host.resize(close + 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    port = host.substr(colon + 1);
    host.resize(colon);
  }
  if (host.empty() || host_is_valid(host.c_str()) == 0) {
    return false;
  }
  if (hp.find(':') != std::string_view::npos && hp.front() != '[' && port.empty()) {
    return false;
  }
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) == 0 ||
        std::stoul(port) > 65535) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<Error> check_headers(const Headers& headers) {
  for (const auto& h : headers) {
    if (h.name.empty()) {
      return error(ErrorCode::invalid_header, "empty header name");
    }
    for (unsigned char c : h.name) {
      if (!is_token_char(c)) {
        return error(ErrorCode::invalid_header, "header name is not a token: " + h.name);
      }
    }
    if (!printable_single_line(h.value)) {
      return error(ErrorCode::invalid_header, "header value spans lines: " + h.name);
    }
  }
  return std::nullopt;
}

std::optional<Error> check_body(const std::optional<Body>& body) {
  if (!body) {
    return std::nullopt;
  }
  Home home;
  if (body->content_type.empty() || !printable_single_line(body->content_type) ||
      sip_content_type_make(home.home, body->content_type.c_str()) == nullptr) {
    return error(ErrorCode::invalid_header, "invalid Content-Type: " + body->content_type);
  }
  if (body->data.find('\0') != std::string::npos) {
    return error(ErrorCode::invalid_header, "body contains NUL");
  }
  return std::nullopt;
}

std::optional<Error> check_reason(const std::string& reason) {
  Home home;
  if (reason.empty() || !printable_single_line(reason) || sip_reason_make(home.home, reason.c_str()) == nullptr) {
    return error(ErrorCode::invalid_header, "invalid Reason: " + reason);
  }
  return std::nullopt;
}

std::optional<Error> check_status(int status, int min, int max) {
  if (status < min || status > max) {
    return error(ErrorCode::invalid_status, "status " + std::to_string(status) + " not in " + std::to_string(min) +
                                                "-" + std::to_string(max));
  }
  return std::nullopt;
}

std::optional<Error> check_uri(std::string_view uri) {
  for (unsigned char c : uri) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"') {
      return error(ErrorCode::invalid_uri, "URI contains a forbidden character: " + std::string(uri));
    }
  }
  Home home;
  std::string copy(uri);
  url_t* url = url_make(home.home, copy.c_str());
  if (url == nullptr || (url->url_type != url_sip && url->url_type != url_sips)) {
    return error(ErrorCode::invalid_uri, "not a sip:/sips: URI: " + copy);
  }
  std::string hp = text(url->url_host);
  if (url->url_port != nullptr) {
    hp += ':';
    hp += url->url_port;
  }
  if (url->url_host == nullptr || !valid_host_port(hp)) {
    return error(ErrorCode::invalid_uri, "invalid host or port: " + copy);
  }
  if (url->url_user != nullptr) {
    for (std::size_t i = 0; url->url_user[i] != '\0'; ++i) {
      auto c = static_cast<unsigned char>(url->url_user[i]);
      if (c == '%') {
        if (std::isxdigit(static_cast<unsigned char>(url->url_user[i + 1])) == 0 ||
            std::isxdigit(static_cast<unsigned char>(url->url_user[i + 2])) == 0) {
          return error(ErrorCode::invalid_uri, "bad escape in user part: " + copy);
        }
      } else if (!is_user_char(c)) {
        return error(ErrorCode::invalid_uri, "invalid user part: " + copy);
      }
    }
  }
  return std::nullopt;
}

std::string encode_headers(const Headers& headers) {
  std::string out;
  for (const auto& h : headers) {
    if (!out.empty()) {
      out += "\r\n";
    }
    out += h.name;
    out += ": ";
    out += h.value;
  }
  return out;
}

base::Expected<std::string, Error> format_name_addr(const NameAddr& addr) {
  if (!valid_host_port(addr.host)) {
    return base::unexpected(error(ErrorCode::invalid_uri, "invalid host: " + addr.host));
  }
  std::string out;
  if (!addr.display.empty()) {
    out += '"';
    for (char c : addr.display) {
      if (c == '\r' || c == '\n' || c == '\0') {
        continue;  // caller-id from the network: dropped rather than refused
      }
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    out += "\" ";
  }
  out += "<sip:";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : addr.user) {
    if (is_user_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  if (!addr.user.empty()) {
    out += '@';
  }
  out += addr.host;
  out += '>';
  Home home;
  if (sip_from_make(home.home, out.c_str()) == nullptr) {
    return base::unexpected(error(ErrorCode::invalid_uri, "unparsable name-addr: " + out));
  }
  return out;
}

}  // namespace ctib::sip::detail
