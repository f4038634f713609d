#include "numbers/app/push_config.hpp"

#include <chrono>

#include "numbers/push/callback_url.hpp"

namespace ctib::numbers::app {

namespace {

std::string where(const toml::source_region& r) {
  return " (line " + std::to_string(r.begin.line) + ")";
}

template <class T>
std::string integer(const toml::table& t, std::string_view key, std::int64_t min, std::int64_t max, T& out) {
  const toml::node* node = t.at_path("push." + std::string(key)).node();
  if (!node) return "";
  const auto value = node->value<std::int64_t>();
  if (!node->is_integer() || !value || *value < min || *value > max) {
    return "push." + std::string(key) + " must be an integer from " + std::to_string(min) + " to " +
           std::to_string(max) + where(node->source());
  }
  out = static_cast<T>(*value);
  return "";
}

template <class Duration>
std::string duration(const toml::table& t, std::string_view key, std::int64_t min, std::int64_t max,
                     Duration& out) {
  std::int64_t value = out.count();
  std::string error = integer(t, key, min, max, value);
  out = Duration(value);
  return error;
}

std::string text(const toml::table& t, std::string_view key, std::string& out) {
  const toml::node* node = t.at_path("push." + std::string(key)).node();
  if (!node) return "";
  if (!node->is_string()) return "push." + std::string(key) + " must be a string" + where(node->source());
  out = *node->value<std::string>();
  return "";
}

}  // namespace

std::string read_push(const toml::table& t, Config& c) {
  const toml::node* section = t.get("push");
  if (!section) return "";
  if (!section->is_table()) return "push must be a table" + where(section->source());
  push::PushOptions& o = c.push_options;
  if (const toml::node* urls = t.at_path("push.urls").node()) {
    const toml::array* list = urls->as_array();
    if (!list) return "push.urls must be an array of URLs" + where(urls->source());
    for (const toml::node& url : *list) {
      const auto value = url.value<std::string>();
      const std::string why = url.is_string() ? push::check_callback_url(*value) : "must be a string";
      if (!why.empty()) return "push.urls: each URL " + why + where(url.source());
      o.urls.push_back(*value);
    }
  }
  for (const std::string& e :
       {text(t, "key_id", o.key.id), text(t, "key", o.key.secret),
        integer(t, "batch_size", 1, 1000, o.batch_size), duration(t, "max_delay_ms", 0, 60'000, o.max_delay),
        integer(t, "max_attempts", 1, 1000, o.max_attempts),
        duration(t, "backoff_initial", 1, 3600, o.backoff_initial),
        duration(t, "backoff_max", 1, 86'400, o.backoff_max),
        duration(t, "timeout_ms", 100, 60'000, o.timeout),
        integer(t, "max_in_flight", 1, 64, o.max_in_flight)}) {
    if (!e.empty()) return e;
  }
  // Every push is signed: a receiver must be able to tell ours from forgeries.
  if (!signing::valid_key_id(o.key.id)) return "push.key_id must be 1-64 characters of A-Z a-z 0-9 . _ -";
  if (o.key.secret.size() < signing::kMinSecretLength) {
    return "push.key must be at least " + std::to_string(signing::kMinSecretLength) + " characters";
  }
  if (o.backoff_max < o.backoff_initial) return "push.backoff_max must not be below push.backoff_initial";
  c.push = true;
  return "";
}

}  // namespace ctib::numbers::app
