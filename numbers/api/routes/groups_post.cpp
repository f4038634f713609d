// POST /v1/groups: create an AXG group (Alibaba's AXG group, GroupId) with
// its first members; an AXG binding names it in group_id.
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

Response groups_post(const Context& c, const Request& r, const PathParams& /*p*/) {
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  BodyReader reader(*body);
  reader.only({"name", "numbers"});
  const std::string name = reader.text("name", Need::optional, 64).value_or("");
  const auto members = reader.numbers("numbers", Need::optional, kMaxGroupNumbers, c.config.plan);
  if (reader.failure()) return error_response(*reader.failure());
  return json_response(201, view(c.bindings.create_group(name, members.value_or(std::vector<std::string>{}),
                                                         scope_of(c, r).tenant)));
}

}  // namespace ctib::numbers::api::routes
