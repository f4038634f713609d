// Registrar::trusted: the source-address half of admit_invite, for the
// edge limits (pike, TCP per-source, load shedding) that must know a trunk
// before anything else is read from its request.

#include "engine/registrar/registrar.hpp"

namespace ctib::registrar {

bool Registrar::trusted(const config::ProfileConfig& profile, std::string_view ip) const {
  const std::vector<Acl>* acls = acls_of(profile);
  if (acls == nullptr) return false;
  for (const Acl& acl : *acls) {
    if (acl.allows(ip)) return true;
  }
  return false;
}

}  // namespace ctib::registrar
