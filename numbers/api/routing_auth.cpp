#include "numbers/api/routing_auth.hpp"

#include "numbers/api/views.hpp"

namespace ctib::numbers::api {

namespace {

using http_server::Response;

base::Expected<signing::SignedFields, signing::Refusal> signed_fields(const http_server::Request& r) {
  return signing::parse_headers(r.header(signing::kTimestampHeader), r.header(signing::kKeyIdHeader),
                                r.header(signing::kSignatureHeader));
}

Response refusal(const Context& c, signing::Refusal why, std::string_view key_id) {
  // The key id names a config entry and is no secret; the signature and the
  // secrets are never logged.
  c.log("cti: request refused: " + std::string(signing::name(why)) +
        (key_id.empty() ? std::string() : " (key id " + std::string(key_id) + ")"));
  return json_response(401, {{"error",
                              {{"field", std::string(signing::kSignatureHeader)},
                               {"message", std::string(signing::message(why))}}}});
}

std::int64_t unix_now(const Context& c) { return c.clock.now().time_since_epoch().count(); }

}  // namespace

bool same_secret(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;
  std::size_t diff = given.size() ^ expected.size();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const char g = i < given.size() ? given[i] : '\0';
    diff |= static_cast<std::size_t>(static_cast<unsigned char>(g ^ expected[i]));
  }
  return diff == 0;
}

std::optional<Response> refuse_routing(const Context& c, const http_server::Request& r) {
  const auto fields = signed_fields(r);
  if (fields) {
    const std::string key_id = fields->key_id;
    auto ok = signing::verify(*fields, c.config.routing_keys, r.method, r.target, r.body, unix_now(c),
                              c.config.replay_window);
    if (!ok) return refusal(c, ok.error(), key_id);
    return std::nullopt;
  }
  if (fields.error() != signing::Refusal::missing) return refusal(c, fields.error(), "");
  if (c.config.require_signature) return refusal(c, signing::Refusal::missing, "");
  const std::string* secret = r.query_param("secret");
  if (!secret) secret = r.header("X-Routing-Secret");
  if (secret && same_secret(*secret, c.config.routing_secret)) return std::nullopt;
  return json_response(401, {{"error", {{"field", "secret"}, {"message", "missing or wrong routing secret"}}}});
}

std::optional<Response> refuse_replay(const Context& c, const http_server::Request& r) {
  const auto fields = signed_fields(r);
  if (!fields) return std::nullopt;
  // Kept until the timestamp leaves the window; after that it is stale anyway.
  const std::int64_t forget_after = fields->timestamp + c.config.replay_window.count();
  if (c.config.replay->first_use(fields->mac, forget_after, unix_now(c))) return std::nullopt;
  return refusal(c, signing::Refusal::replayed, fields->key_id);
}

}  // namespace ctib::numbers::api
