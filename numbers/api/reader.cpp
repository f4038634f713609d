#include "numbers/api/reader.hpp"

#include <algorithm>
#include <set>

#include "libs/base/text.hpp"
#include "numbers/model/time_text.hpp"

namespace ctib::numbers::api {

namespace {

bool is_json_media_type(std::string_view value) {
  const std::string type = base::to_lower(base::trim(value.substr(0, value.find(';'))));
  return type == "application/json" || (type.starts_with("application/") && type.ends_with("+json"));
}

}  // namespace

base::Expected<Json, model::Failure> parse_object(const http_server::Request& request) {
  if (const std::string* type = request.header("content-type"); type != nullptr && !is_json_media_type(*type)) {
    return base::unexpected(model::Failure{model::Failure::Kind::unsupported_media, "body",
                                           "Content-Type must be application/json"});
  }
  return parse_object(std::string_view(request.body));
}

base::Expected<Json, model::Failure> parse_object(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return base::unexpected(model::invalid("body", "is not valid JSON"));
  if (!parsed.is_object()) return base::unexpected(model::invalid("body", "must be a JSON object"));
  return parsed;
}

void Reader::fail(std::string_view key, std::string message) {
  if (!failure_) failure_ = model::invalid(prefix_ + std::string(key), std::move(message));
}

bool Reader::missing(std::string_view key, Need need) {
  const Json* value = find(key);
  if (value && !value->is_null()) return false;
  if (need == Need::required) fail(key, "is required");
  return true;
}

void Reader::only(std::initializer_list<std::string_view> allowed) {
  for (const std::string& key : keys()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) fail(key, "is not a known field");
  }
}

std::optional<std::string> Reader::text(std::string_view key, Need need, std::size_t max_length) {
  if (missing(key, need)) return std::nullopt;
  const Json& v = *find(key);
  if (!v.is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max_length) {
    fail(key, "must be at most " + std::to_string(max_length) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> Reader::number(std::string_view key, Need need, const model::NumberPlan& plan) {
  const auto raw = text(key, need, 32);
  if (!raw) return std::nullopt;
  auto canonical = model::normalise_number(*raw, plan);
  if (!canonical) {
    fail(key, "is not a phone number: " + canonical.error());
    return std::nullopt;
  }
  return *canonical;
}

std::optional<std::int64_t> Reader::integer(std::string_view key, Need need, std::int64_t min, std::int64_t max) {
  if (missing(key, need)) return std::nullopt;
  const Json& v = *find(key);
  std::optional<std::int64_t> value;
  if (is_query() && v.is_string()) {
    if (auto parsed = base::parse_int(v.get_ref<const std::string&>())) value = *parsed;
  } else if (v.is_number_integer()) {
    value = v.get<std::int64_t>();
  }
  if (!value || *value < min || *value > max) {
    fail(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<model::Instant> Reader::time(std::string_view key, Need need) {
  if (missing(key, need)) return std::nullopt;
  const Json& v = *find(key);
  constexpr std::int64_t kYear3000 = 32'503'680'000;
  if (!is_query() && v.is_number_integer()) {
    const auto seconds = v.get<std::int64_t>();
    if (seconds >= 0 && seconds < kYear3000) return model::from_epoch(seconds);
  }
  if (v.is_string()) {
    if (auto t = model::parse_time(v.get_ref<const std::string&>())) return t;
  }
  fail(key, is_query() ? "must be an RFC 3339 time such as 2024-05-01T08:00:00Z"
                       : "must be an RFC 3339 time such as 2024-05-01T08:00:00Z, or Unix seconds");
  return std::nullopt;
}

// ---- bodies

const Json* BodyReader::find(std::string_view key) const {
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

std::vector<std::string> BodyReader::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, value] : object_.items()) out.push_back(key);
  return out;
}

bool BodyReader::is_null(std::string_view key) const {
  const Json* v = find(key);
  return v && v->is_null();
}

std::optional<bool> BodyReader::boolean(std::string_view key) {
  if (missing(key, Need::optional)) return std::nullopt;
  const Json& v = *find(key);
  if (!v.is_boolean()) {
    fail(key, "must be true or false");
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<std::vector<std::string>> BodyReader::texts(std::string_view key, std::size_t max_items,
                                                         std::size_t max_length) {
  if (missing(key, Need::optional)) return std::nullopt;
  const Json& v = *find(key);
  if (!v.is_array() || v.size() > max_items) {
    fail(key, "must be an array of at most " + std::to_string(max_items) + " strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const Json& item : v) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > max_length) {
      fail(key, "must contain only strings of at most " + std::to_string(max_length) + " characters");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::vector<std::string>> BodyReader::numbers(std::string_view key, Need need, std::size_t max_items,
                                                           const model::NumberPlan& plan) {
  if (missing(key, need)) return std::nullopt;
  const Json& v = *find(key);
  if (!v.is_array() || v.empty() || v.size() > max_items) {
    fail(key, "must be an array of 1 to " + std::to_string(max_items) + " phone numbers");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string item = std::string(key) + "[" + std::to_string(i) + "]";
    if (!v[i].is_string() || v[i].get_ref<const std::string&>().size() > 32) {
      fail(item, "must be a string of at most 32 characters");
      return std::nullopt;
    }
    auto canonical = model::normalise_number(v[i].get_ref<const std::string&>(), plan);
    if (!canonical) {
      fail(item, "is not a phone number: " + canonical.error());
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), *canonical) == out.end()) out.push_back(*canonical);
  }
  return out;
}

// ---- query strings

QueryReader::QueryReader(const http_server::Request& request) : Reader(""), request_(request) {}

const Json* QueryReader::find(std::string_view key) const {
  if (const auto it = values_.find(key); it != values_.end()) return &it->second;
  // The first value of the parameter, turned into JSON only when asked for:
  // the engine sends some twenty parameters and a routing answer reads five.
  const std::string* value = request_.query_param(key);
  if (!value) return nullptr;
  return &values_.emplace(std::string(key), Json(*value)).first->second;
}

std::vector<std::string> QueryReader::keys() const {
  // Sorted and unique, as the JSON object this reader used to build listed them.
  std::set<std::string, std::less<>> names;
  for (const auto& [key, value] : request_.query) names.insert(key);
  return {names.begin(), names.end()};
}

model::PageRequest QueryReader::page() {
  const std::int64_t page = integer("page", Need::optional, 1, 1'000'000).value_or(1);
  const std::int64_t size = integer("page_size", Need::optional, 1, 100).value_or(20);
  return {(page - 1) * size, size};
}

}  // namespace ctib::numbers::api
