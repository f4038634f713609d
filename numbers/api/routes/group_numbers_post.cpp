// POST /v1/groups/{id}/numbers: add members to an AXG group (numbers that
// are members already are left as they are). The next call sees them.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/routes/path.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response group_numbers_post(const Context& c, const Request& r, const PathParams& p) {
  const auto id = path_id(p, "id");
  if (!id) return error_response(id.error());
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  BodyReader reader(*body);
  reader.only({"numbers"});
  const auto numbers = reader.numbers("numbers", Need::required, kMaxGroupNumbers, c.config.plan);
  if (reader.failure()) return error_response(*reader.failure());
  const auto updated = c.bindings.add_members(*id, *numbers, scope_of(c, r));
  if (!updated) return error_response(updated.error());
  return json_response(200, view(*updated));
}

}  // namespace ctib::numbers::api::routes
