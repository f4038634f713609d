#include "numbers/api/views.hpp"

#include "numbers/model/names.hpp"
#include "numbers/model/time_text.hpp"
#include "numbers/records/record_json.hpp"

namespace ctib::numbers::api {

namespace {

using nlohmann::json;
using namespace records::json_values;

// free / in_use follow from the live pairs; the stored state wins otherwise.
std::string_view status_of(const model::NumberUsage& n) {
  if (n.number.state != model::NumberState::available) return model::name(n.number.state);
  return n.live_pairs > 0 ? "in_use" : "free";
}

unsigned status_of(model::Failure::Kind kind) {
  switch (kind) {
    case model::Failure::Kind::invalid:
      return 400;
    case model::Failure::Kind::not_found:
      return 404;
    case model::Failure::Kind::conflict:
    case model::Failure::Kind::exhausted:
      return 409;
    case model::Failure::Kind::unsupported_media:
      return 415;
  }
  return 400;
}

}  // namespace

json view(const model::MiddleNumber& n) {
  return {{"number", n.number},
          {"gateway", n.gateway},
          {"area_code", n.area_code},
          {"state", model::name(n.state)},
          {"created_at", model::format_time(n.created_at)},
          {"updated_at", model::format_time(n.updated_at)},
          {"tenant", n.tenant}};
}

json view(const model::NumberUsage& n) {
  json out = view(n.number);
  out["status"] = status_of(n);
  out["live_pairs"] = n.live_pairs;
  return out;
}

json view(const model::Binding& b) {
  return {{"id", b.id},
          {"mode", model::name(b.mode)},
          {"a", b.a},
          {"b", text_or_null(b.b)},
          {"x", b.x},
          {"y", text_or_null(b.y)},
          {"group_id", text_or_null(b.group_id)},
          {"extension", text_or_null(b.extension)},
          {"expiration", model::format_time(b.expires_at)},
          {"out_id", text_or_null(b.out_id)},
          {"user_data", text_or_null(b.user_data)},
          {"record", b.record},
          {"call_restrict", model::name(b.restriction)},
          {"max_duration", b.max_duration},
          {"state", model::name(b.state)},
          {"created_at", model::format_time(b.created_at)},
          {"updated_at", model::format_time(b.updated_at)},
          {"released_at", time_or_null(b.released_at)},
          {"callback_url", text_or_null(b.callback_url)},
          {"tenant", b.tenant}};
}

json view(const model::NumberGroup& g) {
  return {{"id", g.id},
          {"name", g.name},
          {"numbers", g.members},
          {"member_count", g.member_count},
          {"created_at", model::format_time(g.created_at)},
          {"updated_at", model::format_time(g.updated_at)},
          {"tenant", g.tenant}};
}

json view(const model::CallRecord& r) { return records::call_record(r); }

http_server::Response json_response(unsigned status, const json& body) {
  return http_server::Response{status, body.dump(), "application/json", {}};
}

http_server::Response error_response(const model::Failure& failure) {
  const json field = failure.field.empty() ? json(nullptr) : json(failure.field);
  return json_response(status_of(failure.kind), {{"error", {{"field", field}, {"message", failure.message}}}});
}

http_server::Response plain_error(unsigned status, std::string_view message) {
  return json_response(status, {{"error", {{"field", nullptr}, {"message", message}}}});
}

}  // namespace ctib::numbers::api
