#pragma once
// Path parameters, read like any other untrusted input.

#include <optional>
#include <string>

#include "libs/base/expected.hpp"
#include "libs/http_server/message.hpp"
#include "numbers/model/failure.hpp"
#include "numbers/model/phone.hpp"

namespace ctib::numbers::api::routes {

// The {number} segment as canonical E.164.
inline base::Expected<std::string, model::Failure> path_number(const http_server::PathParams& p,
                                                               const model::NumberPlan& plan) {
  const auto it = p.find("number");
  auto canonical = model::normalise_number(it == p.end() ? std::string() : it->second, plan);
  if (!canonical) return base::unexpected(model::invalid("number", "is not a phone number: " + canonical.error()));
  return *canonical;
}

// An identifier segment ({id}, {uuid}): 1..128 printable characters.
inline base::Expected<std::string, model::Failure> path_id(const http_server::PathParams& p, const char* name) {
  const auto it = p.find(name);
  if (it == p.end() || it->second.empty() || it->second.size() > 128) {
    return base::unexpected(model::invalid(name, "must be 1 to 128 characters"));
  }
  return it->second;
}

}  // namespace ctib::numbers::api::routes
