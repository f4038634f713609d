// The Switch's edge policy (docs/security.md): who is a trunk, who is
// flooding, and what out-of-dialog requests (OPTIONS, INFO, BYE, PRACK,
// REFER, and the methods the stack does not allow or know) are answered,
// statelessly at the edge.

#include <algorithm>

#include "engine/b2bua/switch.hpp"
#include "engine/b2bua/switch_internals.hpp"

namespace ctib::b2bua {

bool Switch::trusted(const config::ProfileConfig& profile, const std::string& ip) const {
  return deps_.registrar != nullptr && deps_.registrar->trusted(profile, ip);
}

bool Switch::flooding(const std::string& ip) {
  if (deps_.pike == nullptr) return false;
  const auto verdict = deps_.pike->check(ip, edge::Pike::Clock::now());
  if (verdict == edge::Pike::Verdict::cut) {
    // Once per ban: the SocketGuard now has the kernel drop its packets.
    deps_.log.warn("pike: {} is over its request rate: banned ({} requests refused so far)", ip,
                   deps_.pike->refused());
  }
  return verdict != edge::Pike::Verdict::pass;
}

namespace {

// What the edge may answer without a transaction (docs/security.md
// "Stateless answers"), each as the stack (or on_out_of_dialog() below)
// answers it. Not here: INVITE, REGISTER (they are the service), ACK (never
// answered), CANCEL (no To tag, yet it matches an INVITE transaction only
// sofia knows) and UPDATE (the stack's).
enum class Stateless : std::uint8_t { none, options, no_dialog, refer, unsupported, unknown };

Stateless stateless_kind(std::string_view method) {
  if (method == "OPTIONS") return Stateless::options;
  // Without a To tag they name no dialog of ours (INFO: RFC 6086).
  if (method == "INFO" || method == "BYE" || method == "PRACK") return Stateless::no_dialog;
  if (method == "REFER") return Stateless::refer;
  // What the stack answers 405; checked against the profile's Allow before
  // answering, so a method the stack comes to accept reaches it.
  if (method == "MESSAGE" || method == "SUBSCRIBE" || method == "NOTIFY" || method == "PUBLISH")
    return Stateless::unsupported;
  if (method == "INVITE" || method == "REGISTER" || method == "ACK" || method == "CANCEL" || method == "UPDATE")
    return Stateless::none;
  return Stateless::unknown;  // the stack answers 501
}

}  // namespace

std::optional<edge::StatelessAnswer> Switch::stateless_answer(std::string_view profile_name, std::string_view method,
                                                              std::string_view ip) {
  const Stateless kind = stateless_kind(method);
  if (kind == Stateless::none) return std::nullopt;
  if (stopping_) return std::nullopt;  // sofia answers as it shuts down
  const config::ProfileConfig* profile = current_->config->profile(profile_name);
  if (profile == nullptr) return std::nullopt;  // removed by a reload: as it was bound, by sofia
  const auto entry = profiles_.find(profile_name);
  if (entry == profiles_.end() || entry->second->profile == nullptr) return std::nullopt;
  const auto& allowed = entry->second->profile->allowed_methods();
  if ((kind == Stateless::unsupported || kind == Stateless::unknown) &&
      std::find(allowed.begin(), allowed.end(), method) != allowed.end())
    return std::nullopt;
  const std::string source(ip);
  // Trunks keep the stack's full answers (an OPTIONS 200 lists Allow,
  // Accept, Supported): they are few and their transactions are wanted.
  if (trusted(*profile, source)) return std::nullopt;
  // The same answers as the stack's (on_out_of_dialog() below for OPTIONS
  // and INFO), without a transaction.
  if (flooding(source)) return edge::StatelessAnswer{503, "Service Unavailable", ""};
  switch (kind) {
    case Stateless::no_dialog:
      return edge::StatelessAnswer{481, "Call/Transaction Does Not Exist", ""};
    case Stateless::refer:  // no call to transfer (decision 0015), as on_out_of_dialog()
      return edge::StatelessAnswer{403, "Forbidden", ""};
    case Stateless::unknown:
      return edge::StatelessAnswer{501, "Not Implemented", entry->second->allow_line};
    case Stateless::unsupported:
      return edge::StatelessAnswer{405, "Method Not Allowed", entry->second->allow_line};
    default:
      break;
  }
  const bool acl_only = !profile->auth_calls && !profile->inbound_acls.empty();
  if (acl_only) return edge::StatelessAnswer{403, "Forbidden", ""};
  return edge::StatelessAnswer{200, "OK", ""};
}

int Switch::on_out_of_dialog(ProfileEntry& entry, sip::OutOfDialogMethod method, const sip::SourceAddress& source) {
  // The current settings of the profile (a reload may have changed its
  // ACLs); one removed by a reload answers as it was bound.
  const config::ProfileConfig* current = current_->config->profile(entry.bound_.name);
  const config::ProfileConfig& profile = current != nullptr ? *current : entry.bound_;
  const bool from_trunk = trusted(profile, source.ip);
  if (!from_trunk && flooding(source.ip)) return 503;
  // RFC 6086: INFO outside a dialog is 481 (the stack answered 200).
  if (method == sip::OutOfDialogMethod::info) return 481;
  // A REFER outside a dialog has no call to transfer (decision 0015).
  if (method == sip::OutOfDialogMethod::refer) return 403;
  // A profile that takes calls only from its ACLs does not answer anyone
  // else's OPTIONS with 200: 403, as its INVITEs would get (FreeSWITCH
  // answers OPTIONS to anyone; we choose not to reveal ACL-only profiles).
  const bool acl_only = !profile.auth_calls && !profile.inbound_acls.empty();
  if (acl_only && !from_trunk) return 403;
  return 200;
}

}  // namespace ctib::b2bua
