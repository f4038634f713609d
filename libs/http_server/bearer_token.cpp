#include "libs/http_server/bearer_token.hpp"

#include <cstddef>
#include <string_view>
#include <utility>

#include "libs/base/text.hpp"

namespace ctib::http_server {

namespace {

// Compares every byte of the longer operand whatever the shorter one holds.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

}  // namespace

bool bearer_token_matches(const Request& request, const std::string& token) noexcept {
  const std::string* header = request.header("authorization");
  if (header == nullptr || token.empty()) return false;
  constexpr std::string_view scheme = "bearer ";
  std::string_view value = *header;
  if (value.size() < scheme.size() || !base::iequals(value.substr(0, scheme.size()), scheme)) return false;
  value = base::trim(value.substr(scheme.size()));
  return constant_time_equal(value, token);
}

Handler require_bearer_token(std::string token, Handler handler) {
  return [token = std::move(token), handler = std::move(handler)](const Request& request,
                                                                  const PathParams& params) -> Response {
    if (bearer_token_matches(request, token)) return handler(request, params);
    Response denied = default_error(401, "missing or wrong admin token (Authorization: Bearer <token>)");
    denied.headers.emplace_back("WWW-Authenticate", "Bearer");
    return denied;
  };
}

}  // namespace ctib::http_server
