#pragma once
// Why a service operation was refused, in terms the API maps to a status:
// invalid → 400, not_found → 404, conflict → 409, exhausted → 409 (no number
// left in the pool), unsupported_media → 415 (a body that is not JSON). `field` names the request field at fault ("" when
// none), `message` says why in a sentence a client developer can act on.

#include <string>

namespace ctib::numbers::model {

struct Failure {
  enum class Kind { invalid, not_found, conflict, exhausted, unsupported_media };
  Kind kind = Kind::invalid;
  std::string field;
  std::string message;
};

inline Failure invalid(std::string field, std::string message) {
  return {Failure::Kind::invalid, std::move(field), std::move(message)};
}
inline Failure not_found(std::string field, std::string message) {
  return {Failure::Kind::not_found, std::move(field), std::move(message)};
}
inline Failure conflict(std::string field, std::string message) {
  return {Failure::Kind::conflict, std::move(field), std::move(message)};
}

}  // namespace ctib::numbers::model
