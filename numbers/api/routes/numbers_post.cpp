// POST /v1/numbers: import middle numbers into the pool (all or nothing),
// the caller's tenant's pool; an operator key may name another tenant.
#include <set>

#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"

namespace ctib::numbers::api::routes {

namespace {

constexpr std::size_t kMaxImport = 1000;

base::Expected<std::vector<pool::ImportItem>, model::Failure> read_items(const Json& body,
                                                                         const model::NumberPlan& plan) {
  BodyReader top(body);
  top.only({"numbers", "tenant"});
  if (top.failure()) return base::unexpected(*top.failure());
  const auto it = body.find("numbers");
  if (it == body.end() || !it->is_array() || it->empty() || it->size() > kMaxImport) {
    return base::unexpected(model::invalid("numbers", "must be an array of 1 to 1000 numbers"));
  }
  std::vector<pool::ImportItem> items;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string prefix = "numbers[" + std::to_string(i) + "].";
    const Json& entry = (*it)[i];
    if (!entry.is_object())
      return base::unexpected(model::invalid(prefix.substr(0, prefix.size() - 1), "must be an object"));
    BodyReader reader(entry, prefix);
    reader.only({"number", "gateway", "area_code"});
    auto number = reader.number("number", Need::required, plan);
    auto gateway = reader.text("gateway", Need::required, 128);
    auto area = reader.text("area_code", Need::required, 16);
    if (gateway && gateway->empty()) reader.fail("gateway", "must not be empty");
    if (number && !seen.insert(*number).second) reader.fail("number", "appears twice in this request");
    if (reader.failure()) return base::unexpected(*reader.failure());
    // The text as given (it parsed, so it is a short string of digits and
    // separators): a gateway with dial format "as-imported" shows it.
    items.push_back({*number, *gateway, *area, entry.at("number").get<std::string>()});
  }
  return items;
}

// The pool the numbers go to: the key's tenant, or (operator keys only)
// the tenant the body names.
base::Expected<std::string, model::Failure> read_tenant(const Json& body, const model::Scope& scope) {
  BodyReader reader(body);
  const auto named = reader.text("tenant", Need::optional, 64);
  if (reader.failure()) return base::unexpected(*reader.failure());
  if (!named || *named == scope.tenant) return scope.tenant;
  if (!scope.all_tenants)
    return base::unexpected(model::invalid("tenant", "only an operator key names another tenant"));
  if (!model::valid_tenant(*named)) {
    return base::unexpected(model::invalid("tenant", "must be 1-64 characters of A-Z a-z 0-9 . _ -"));
  }
  return *named;
}

}  // namespace

Response numbers_post(const Context& c, const Request& r, const PathParams& /*p*/) {
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  const auto items = read_items(*body, c.config.plan);
  if (!items) return error_response(items.error());
  const auto tenant = read_tenant(*body, scope_of(c, r));
  if (!tenant) return error_response(tenant.error());
  const auto imported = c.pool.import(*items, *tenant);
  if (!imported) return error_response(imported.error());
  Json out = Json::array();
  for (const auto& n : *imported) out.push_back(view(n));
  return json_response(201, {{"numbers", out}});
}

}  // namespace ctib::numbers::api::routes
