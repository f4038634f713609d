#include "engine/registrar/directory.hpp"

#include "engine/registrar/digest.hpp"

namespace ctib::registrar {

UserDirectory::UserDirectory(const config::EngineConfig& config) : default_domain_(config.domain) {
  for (const config::UserConfig& u : config.users) {
    std::string ha1 = u.a1_hash.empty() ? digest_ha1(u.id, u.domain, u.password) : u.a1_hash;
    users_.emplace(std::make_pair(u.id, u.domain), User{&u, std::move(ha1)});
  }
}

const User* UserDirectory::find(std::string_view id, std::string_view domain) const {
  auto it = users_.find(std::make_pair(std::string(id), std::string(domain)));
  return it == users_.end() ? nullptr : &it->second;
}

}  // namespace ctib::registrar
