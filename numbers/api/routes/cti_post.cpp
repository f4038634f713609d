// POST /v1/cti: the same endpoint in the protocol's POST mode (the fields as
// one JSON object). Parameters of the configured URL (?secret=...) still
// apply; body fields come after them, so the URL's own values win.
#include "numbers/api/cti.hpp"
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response cti_post(const Context& c, const Request& r, const PathParams& /*p*/) {
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  Request as_query = r;
  for (const auto& [key, value] : body->items()) {
    if (value.is_string()) {
      as_query.query.emplace_back(key, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      as_query.query.emplace_back(key, value.dump());
    } else if (!value.is_null()) {
      return error_response(model::invalid(key, "must be a string or a number"));
    }
  }
  return answer_cti(c, as_query);
}

}  // namespace ctib::numbers::api::routes
