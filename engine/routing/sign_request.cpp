// Signs a built request at send time (docs/protocol.md §6).
#include "engine/routing/request.hpp"

namespace ctib::routing {

std::vector<std::pair<std::string, std::string>> sign_request(const HttpRequest& request,
                                                              const signing::SigningKey& key,
                                                              std::int64_t unix_seconds) {
  // The target is signed exactly as it goes on the request line: the URL is
  // already percent-encoded by encode_request, and libcurl sends it as is.
  signing::SignatureHeaders h =
      signing::sign(key, name(request.method), signing::request_target(request.url), unix_seconds, request.body);
  return {{std::string(signing::kTimestampHeader), std::move(h.timestamp)},
          {std::string(signing::kKeyIdHeader), std::move(h.key_id)},
          {std::string(signing::kSignatureHeader), std::move(h.signature)}};
}

}  // namespace ctib::routing
