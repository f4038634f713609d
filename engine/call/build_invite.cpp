#include "engine/call/build_invite.hpp"

#include <algorithm>

#include "engine/call/sdp_codecs.hpp"
#include "libs/base/text.hpp"

namespace ctib::call {
namespace {

using causes::HangupCause;

constexpr std::string_view kHeaderPrefix = "sip_h_";

bool has_header(const std::vector<SipHeader>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [name](const SipHeader& h) { return base::iequals(h.name, name); });
}

std::vector<SipHeader> headers_for(const InviteInputs& in) {
  std::vector<SipHeader> out;
  for (const auto& [name, value] : in.leg_vars) {
    if (name.size() > kHeaderPrefix.size() && name.compare(0, kHeaderPrefix.size(), kHeaderPrefix) == 0) {
      out.push_back({name.substr(kHeaderPrefix.size()), value});
    }
  }
  // §2.5: the A leg's custom headers are copied unless sip_copy_custom_headers
  // is set and false.
  const bool copy = !in.caller_vars.contains("sip_copy_custom_headers") ||
                    in.caller_vars.flag("sip_copy_custom_headers");
  if (copy) {
    for (const auto& h : in.invite.custom_headers) {
      if (!has_header(out, h.name)) out.push_back(h);
    }
  }
  return out;
}

base::Expected<std::optional<Body>, InviteError> sdp_for(const InviteInputs& in) {
  const std::optional<Body>& offer = in.offer != nullptr && *in.offer ? *in.offer : in.invite.sdp;
  if (!offer) return std::optional<Body>{};
  const auto* codecs = in.leg_vars.find("absolute_codec_string");
  if (codecs == nullptr) return std::optional<Body>{offer};
  // Anchored, this narrows the relay's offer: the codecs it added for
  // transcoding count, so a listed codec the caller lacks can still be
  // offered (rtpengine transcodes, docs/media.md).
  auto filtered = filter_codecs(offer->payload, *codecs);
  if (!filtered) {
    return base::unexpected(InviteError{HangupCause::INCOMPATIBLE_DESTINATION, filtered.error().detail});
  }
  return std::optional<Body>{Body{offer->content_type, std::move(*filtered)}};
}

}  // namespace

base::Expected<OutgoingInvite, InviteError> build_invite(const InviteInputs& in) {
  OutgoingInvite out;
  out.max_forwards = in.invite.max_forwards - 1;
  if (out.max_forwards <= 0) {
    return base::unexpected(InviteError{HangupCause::EXCHANGE_ROUTING_ERROR,
                                        "Max-Forwards exhausted (A leg sent " +
                                            std::to_string(in.invite.max_forwards) + ")"});
  }
  auto sdp = sdp_for(in);
  if (!sdp) return base::unexpected(sdp.error());
  out.sdp = std::move(*sdp);

  const auto cid = resolve_caller_id(in.leg, in.caller_vars, in.invite);
  out.target = in.target;
  out.from_display = cid.name;
  out.from_user = in.target.caller_id_in_from ? cid.number : in.target.from_user;
  out.from_host = std::string(in.leg_vars.get("sip_invite_domain", in.target.from_host));
  out.headers = headers_for(in);
  out.call_uuid = std::string(in.call_uuid);
  // FreeSWITCH reads it with atoi and takes any value >= 0; a value that is
  // not a whole number is ignored here rather than read as 0 (timer off).
  if (const auto* v = in.leg_vars.find("sofia_session_timeout")) {
    if (auto n = base::parse_int(*v); n && *n >= 0 && *n <= 86400)
      out.session_timeout = static_cast<unsigned>(*n);
  }
  return out;
}

}  // namespace ctib::call
