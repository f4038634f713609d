#include "numbers/app/push_config.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

#include "numbers/model/types.hpp"
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

// An array of callback URLs at `node` ("" and the URLs in `out`, or why not).
std::string url_list(const toml::node& node, const std::string& name, std::vector<std::string>& out) {
  const toml::array* list = node.as_array();
  if (!list) return name + " must be an array of URLs" + where(node.source());
  for (const toml::node& url : *list) {
    const auto value = url.value<std::string>();
    const std::string why = url.is_string() ? push::check_callback_url(*value) : "must be a string";
    if (!why.empty()) return name + ": each URL " + why + where(url.source());
    out.push_back(*value);
  }
  return "";
}

std::string check_key(const signing::SigningKey& key, const std::string& name) {
  // Every push is signed: a receiver must be able to tell ours from forgeries.
  if (!signing::valid_key_id(key.id)) return name + ".key_id must be 1-64 characters of A-Z a-z 0-9 . _ -";
  if (key.secret.size() < signing::kMinSecretLength) {
    return name + ".key must be at least " + std::to_string(signing::kMinSecretLength) + " characters";
  }
  return "";
}

// [[push.tenants]] tenant, urls, key_id, key (decision 0027).
std::string read_tenants(const toml::table& t, push::PushOptions& o) {
  const toml::node* node = t.at_path("push.tenants").node();
  if (!node) return "";
  const toml::array* list = node->as_array();
  if (!list) return "push.tenants must be an array of tables ([[push.tenants]])" + where(node->source());
  for (const toml::node& entry : *list) {
    const toml::table* table = entry.as_table();
    if (!table) return "push.tenants entries must be tables" + where(entry.source());
    for (const auto& [name, value] : *table) {
      static constexpr std::array kKnown{"tenant", "urls", "key_id", "key"};
      if (std::find(kKnown.begin(), kKnown.end(), name.str()) == kKnown.end()) {
        return "push.tenants: unknown key " + std::string(name.str()) + where(value.source());
      }
    }
    push::TenantPush tenant;
    const auto name = table->get("tenant") ? table->get("tenant")->value<std::string>() : std::nullopt;
    if (!name || !model::valid_tenant(*name)) {
      return "push.tenants: tenant must be 1-64 characters of A-Z a-z 0-9 . _ -" + where(entry.source());
    }
    tenant.tenant = *name;
    const std::string label = "push.tenants (" + tenant.tenant + ")";
    if (o.tenant_push(tenant.tenant)) return label + " is given twice" + where(entry.source());
    if (const toml::node* urls = table->get("urls")) {
      if (std::string e = url_list(*urls, label + ".urls", tenant.urls); !e.empty()) return e;
    }
    for (const auto& [key, out] :
         {std::pair{"key_id", &tenant.key.id}, std::pair{"key", &tenant.key.secret}}) {
      const toml::node* value = table->get(key);
      if (value && !value->is_string())
        return label + "." + key + " must be a string" + where(value->source());
      if (value) *out = *value->value<std::string>();
    }
    // A tenant's own key, always: its receiver must not need (nor see) the
    // service's key or another tenant's.
    if (std::string e = check_key(tenant.key, label); !e.empty()) return e + where(entry.source());
    // One id names one secret: a receiver picks the secret by the id.
    if (tenant.key.id == o.key.id) return label + ".key_id is the id of push.key_id" + where(entry.source());
    for (const push::TenantPush& other : o.tenants) {
      if (other.key.id == tenant.key.id) {
        return label + ".key_id is also the id of tenant " + other.tenant + where(entry.source());
      }
    }
    o.tenants.push_back(std::move(tenant));
  }
  return "";
}

}  // namespace

std::string read_push(const toml::table& t, Config& c) {
  const toml::node* section = t.get("push");
  if (!section) return "";
  if (!section->is_table()) return "push must be a table" + where(section->source());
  push::PushOptions& o = c.push_options;
  if (const toml::node* urls = t.at_path("push.urls").node()) {
    if (std::string e = url_list(*urls, "push.urls", o.urls); !e.empty()) return e;
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
  if (std::string e = check_key(o.key, "push"); !e.empty()) return e;
  if (std::string e = read_tenants(t, o); !e.empty()) return e;
  if (o.backoff_max < o.backoff_initial) return "push.backoff_max must not be below push.backoff_initial";
  c.push = true;
  return "";
}

}  // namespace ctib::numbers::app
