// POST /v1/bindings: bind A and B (AXB) or A (AXN) through an X, or A and B
// through X and Y (AXYB: A sees B as Y, B sees A as X), or A behind an
// extension of X (AXE: given, or chosen at random). 201 with
// the new binding; 200 with the existing one when a live binding with the
// same out_id and parties exists (a retried request).
#include "numbers/api/reader.hpp"
#include "numbers/api/routes/handlers.hpp"
#include "numbers/api/views.hpp"
#include "numbers/push/callback_url.hpp"

namespace ctib::numbers::api::routes {

namespace {

constexpr std::int64_t kMaxCallSeconds = 86'400;

base::Expected<bindings::BindRequest, model::Failure> read_bind(const Json& body, const model::NumberPlan& plan) {
  BodyReader reader(body);
  reader.only({"mode", "a", "b", "x", "y", "group_id", "extension", "area_code", "fallback_area_codes", "expiration", "out_id", "user_data",
               "record", "call_restrict", "max_duration", "callback_url"});
  bindings::BindRequest r;
  r.mode = reader.choice<model::Mode>("mode", Need::required, "AXB, AXN, AXYB, AXG, AXE").value_or(model::Mode::axb);
  r.a = reader.number("a", Need::required, plan).value_or("");
  r.b = reader.number("b", Need::optional, plan).value_or("");
  r.x = reader.number("x", Need::optional, plan).value_or("");
  r.y = reader.number("y", Need::optional, plan).value_or("");
  r.group_id = reader.text("group_id", Need::optional, 128).value_or("");
  const auto extension = reader.text("extension", Need::optional, 16);
  if (extension && extension->empty()) reader.fail("extension", "must be 1 to 8 digits; omit it for a random one");
  r.extension = extension.value_or("");
  const auto area = reader.text("area_code", Need::optional, 16);
  const auto fallback = reader.texts("fallback_area_codes", 10, 16);
  if (area) r.areas.push_back(*area);
  if (fallback) r.areas.insert(r.areas.end(), fallback->begin(), fallback->end());
  if (fallback && !area) reader.fail("fallback_area_codes", "needs area_code");
  if (!r.x.empty() && !r.areas.empty()) reader.fail("area_code", "cannot be combined with x");
  if (!r.y.empty() && !r.areas.empty()) reader.fail("area_code", "cannot be combined with y");
  r.expires_at = reader.time("expiration", Need::required).value_or(model::Instant{});
  r.out_id = reader.text("out_id", Need::optional, 64).value_or("");
  r.user_data = reader.text("user_data", Need::optional, 1024).value_or("");
  r.record = reader.boolean("record").value_or(false);
  r.restriction = reader.choice<model::Restriction>("call_restrict", Need::optional,
                                                    "none, a_to_x_barred, b_to_x_barred")
                      .value_or(model::Restriction::none);
  r.max_duration = reader.integer("max_duration", Need::optional, 0, kMaxCallSeconds).value_or(0);
  r.callback_url = reader.text("callback_url", Need::optional, push::kMaxCallbackUrl).value_or("");
  if (const std::string why = r.callback_url.empty() ? "" : push::check_callback_url(r.callback_url); !why.empty()) {
    reader.fail("callback_url", why);
  }
  if (reader.failure()) return base::unexpected(*reader.failure());
  return r;
}

}  // namespace

Response bindings_post(const Context& c, const Request& r, const PathParams& /*p*/) {
  const auto body = parse_object(r);
  if (!body) return error_response(body.error());
  auto request = read_bind(*body, c.config.plan);
  if (!request) return error_response(request.error());
  request->tenant = scope_of(c, r).tenant;
  const auto result = c.bindings.bind(*request);
  if (!result) return error_response(result.error());
  return json_response(result->created ? 201 : 200, view(result->binding));
}

}  // namespace ctib::numbers::api::routes
