#pragma once
// The user directory: who may register and authenticate, from the [users.*]
// configuration. Lookups are by (id, domain); HA1 is precomputed so the
// plain password is never needed after start.
//
// Ownership: built once from the immutable config snapshot, read-only after.
// Threading: loop thread (read-only, so any thread would do).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "engine/config/config.hpp"

namespace ctib::registrar {

struct User {
  const config::UserConfig* config;  // id, domain, variables, route
  std::string ha1;                   // MD5(id:domain:password)
};

class UserDirectory {
 public:
  explicit UserDirectory(const config::EngineConfig& config);

  [[nodiscard]] const User* find(std::string_view id, std::string_view domain) const;
  [[nodiscard]] const std::string& default_domain() const noexcept { return default_domain_; }

 private:
  std::string default_domain_;
  std::map<std::pair<std::string, std::string>, User, std::less<>> users_;
};

}  // namespace ctib::registrar
