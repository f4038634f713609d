#pragma once
// The admin APIs' access check (docs/admin-api.md): every request carries
// `Authorization: Bearer <token>`. Both programs wrap their admin routes with
// it, so the check, its constant-time comparison and its 401 are one code.

#include <string>

#include "libs/http_server/router.hpp"

namespace ctib::http_server {

// True when `request` carries `Authorization: Bearer <token>` with exactly
// `token` (scheme name in any case). The comparison takes the same time
// wherever the first difference is, so a guesser learns nothing from timing.
[[nodiscard]] bool bearer_token_matches(const Request& request, const std::string& token) noexcept;

// `handler`, run only for requests with the token; others get
// 401 {"error":{"message":"..."}} with `WWW-Authenticate: Bearer`.
[[nodiscard]] Handler require_bearer_token(std::string token, Handler handler);

}  // namespace ctib::http_server
