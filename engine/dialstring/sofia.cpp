// sofia/<...> endpoint data, as sofia_outgoing_channel() (mod_sofia.c) takes
// it apart: `^to-user` off the end first, then gateway/<gw>/<dest>[;params]
// or <profile>/<sip-uri | user@host | user%domain | user>.

#include <string>

#include "engine/dialstring/endpoint.hpp"
#include "engine/dialstring/sip_uri.hpp"
#include "libs/base/text.hpp"

namespace ctib::dialstring {

namespace {

using causes::HangupCause;

constexpr std::string_view kGatewayPrefix = "gateway/";

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

FailTarget invalid_url(std::string detail) { return fail(HangupCause::INVALID_URL, "sofia/: " + std::move(detail)); }

DialTarget parse_gateway(std::string_view rest, std::string_view to_user) {
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return invalid_url("no '/' between gateway name and number in " + quoted(rest));
  GatewayTarget target;
  target.gateway.assign(rest.substr(0, slash));
  // An empty name reaches sofia_reg_find_gateway() and is not found there.
  if (target.gateway.empty()) return fail(HangupCause::INVALID_GATEWAY, "sofia/gateway/: empty gateway name");
  const std::string_view dest = rest.substr(slash + 1);
  const std::size_t semi = dest.find(';');
  target.number.assign(dest.substr(0, semi));
  if (semi != std::string_view::npos) target.params.assign(dest.substr(semi));
  if (target.number.empty()) return invalid_url("empty number for gateway " + quoted(target.gateway));
  if (has_forbidden_uri_byte(rest) || has_forbidden_uri_byte(to_user)) {
    return invalid_url("control character or space in " + quoted(rest));
  }
  target.to_user.assign(to_user);
  return target;
}

// <user> or <user>%<domain>: ring what is registered on the profile.
DialTarget parse_registration(std::string_view profile, std::string_view dest, std::string_view to_user) {
  ProfileRegistrationTarget target;
  target.profile.assign(profile);
  const std::size_t percent = dest.find('%');
  target.user.assign(dest.substr(0, percent));
  if (percent != std::string_view::npos) {
    target.domain.assign(dest.substr(percent + 1));
    if (target.domain.empty()) return invalid_url("empty domain after '%' in " + quoted(dest));
    if (target.domain.find('@') != std::string::npos) return invalid_url("bad domain in " + quoted(dest));
  }
  if (target.user.empty()) return invalid_url("empty user for profile " + quoted(profile));
  if (has_forbidden_uri_byte(dest) || has_forbidden_uri_byte(to_user)) {
    return invalid_url("control character or space in " + quoted(dest));
  }
  target.to_user.assign(to_user);
  return target;
}

DialTarget parse_profile(std::string_view data, std::string_view to_user) {
  const std::size_t slash = data.find('/');
  if (slash == std::string_view::npos) return invalid_url("no '/' after the profile name in " + quoted(data));
  const std::string_view profile = data.substr(0, slash);
  // An empty name reaches sofia_glue_find_profile() and is not found there.
  if (profile.empty()) return fail(HangupCause::INVALID_PROFILE, "sofia/: empty profile name");
  if (has_forbidden_uri_byte(profile)) return invalid_url("control character or space in profile name");
  const std::string_view dest = data.substr(slash + 1);
  const bool has_scheme = base::iequals(dest.substr(0, 4), "sip:") || base::iequals(dest.substr(0, 5), "sips:");
  // FreeSWITCH checks '%' before '@': "u%d@x" is a registration lookup.
  if (!has_scheme && (dest.find('%') != std::string_view::npos || dest.find('@') == std::string_view::npos)) {
    return parse_registration(profile, dest, to_user);
  }
  auto uri = parse_sip_uri(dest);
  if (!uri) return invalid_url(uri.error());
  if (has_forbidden_uri_byte(to_user)) return invalid_url("control character or space in the To user");
  return ProfileTarget{std::string(profile), std::move(*uri), std::string(to_user)};
}

}  // namespace

DialTarget parse_sofia(std::string_view data) {
  // The first '^' anywhere splits off the To user (dest_to).
  const std::size_t caret = data.find('^');
  const std::string_view to_user = caret == std::string_view::npos ? std::string_view{} : data.substr(caret + 1);
  data = data.substr(0, caret);
  if (base::iequals(data.substr(0, kGatewayPrefix.size()), kGatewayPrefix)) {
    return parse_gateway(data.substr(kGatewayPrefix.size()), to_user);
  }
  return parse_profile(data, to_user);
}

}  // namespace ctib::dialstring
