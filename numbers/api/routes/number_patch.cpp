// PATCH /v1/numbers/{number}: change gateway or area, quarantine or release.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response number_patch(const Context& c, const Request& r, const PathParams& p) {
  const auto number = path_number(p, c.config.plan);
  if (!number) return error_response(number.error());
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  BodyReader reader(*body);
  reader.only({"gateway", "area_code", "state"});
  pool::NumberChange change;
  change.gateway = reader.text("gateway", Need::optional, 128);
  change.area_code = reader.text("area_code", Need::optional, 16);
  change.state = reader.choice<model::NumberState>("state", Need::optional, "available, quarantined");
  if (change.gateway && change.gateway->empty()) reader.fail("gateway", "must not be empty");
  if (change.state == model::NumberState::retired) reader.fail("state", "use DELETE to retire a number");
  if (!change.gateway && !change.area_code && !change.state) {
    reader.fail("body", "must change at least one of gateway, area_code, state");
  }
  if (reader.failure()) return error_response(*reader.failure());
  const auto changed = c.pool.change(*number, change, scope_of(c, r));
  if (!changed) return error_response(changed.error());
  return json_response(200, view(*changed));
}

}  // namespace ctib::numbers::api::routes
