#include "engine/routing/invocation.hpp"

#include <array>
#include <vector>

#include "libs/base/text.hpp"

namespace ctib::routing {

namespace {

using Result = base::Expected<RouteConfig, InvocationError>;

InvocationError error(std::string_view field, std::string_view what) {
  return {std::string(field), std::string(field) + ": " + std::string(what)};
}

std::string quoted(std::string_view value) { return "'" + std::string(value) + "'"; }

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

// Space- or tab-separated words; runs of separators count as one, so a line
// pasted with double spaces still reads as FreeSWITCH would read it.
std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

std::optional<InvocationError> check_url(std::string_view url) {
  if (url.empty()) return error("url", "missing (expected http://host/path or https://host/path)");
  constexpr std::array<std::string_view, 2> kSchemes{"http://", "https://"};
  std::size_t scheme_len = 0;
  for (std::string_view scheme : kSchemes) {
    if (url.size() >= scheme.size() && base::iequals(url.substr(0, scheme.size()), scheme)) {
      scheme_len = scheme.size();
    }
  }
  if (scheme_len == 0) return error("url", quoted(url) + " must start with http:// or https://");
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c <= 0x20 || c == 0x7f) {
      return error("url", quoted(url) + " contains a space or control character at byte " + std::to_string(i));
    }
  }
  // The engine appends the call parameters to the query; after a fragment
  // they would never reach the server.
  if (url.find('#') != std::string_view::npos) {
    return error("url", quoted(url) + " has a fragment ('#'); the call parameters appended to it would be lost");
  }
  const std::string_view rest = url.substr(scheme_len);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.empty() || authority.front() == ':') return error("url", quoted(url) + " has no host");
  return std::nullopt;
}

base::Expected<std::chrono::milliseconds, InvocationError> timeout_from(std::string_view field, long long ms,
                                                                        std::string_view text) {
  if (ms < 1) return base::unexpected(error(field, quoted(text) + " must be at least 1 millisecond"));
  if (ms > kMaxTimeout.count()) {
    return base::unexpected(
        error(field, quoted(text) + " is above the limit of " + std::to_string(kMaxTimeout.count()) + " ms"));
  }
  return std::chrono::milliseconds(ms);
}

base::Expected<std::chrono::milliseconds, InvocationError> parse_timeout(std::string_view field,
                                                                         std::string_view text) {
  const auto ms = base::parse_int(base::trim(text));
  if (!ms) return base::unexpected(error(field, quoted(text) + " is not a whole number of milliseconds"));
  return timeout_from(field, *ms, text);
}

base::Expected<bool, InvocationError> parse_notify(std::string_view text) {
  const std::string_view t = base::trim(text);
  if (t == "0") return false;
  if (t == "1") return true;
  return base::unexpected(error("notify_type", quoted(text) + " must be 0 (no notifications) or 1 (send them)"));
}

base::Expected<HttpMethod, InvocationError> parse_method(std::string_view text) {
  const std::string_view t = base::trim(text);
  if (base::iequals(t, "GET")) return HttpMethod::Get;
  if (base::iequals(t, "POST")) return HttpMethod::Post;
  return base::unexpected(error("method", quoted(text) + " must be GET or POST"));
}

// A setting given as an integer is shown and checked as its decimal text.
std::string as_text(const SettingValue& v) {
  if (const auto* n = std::get_if<long long>(&v)) return std::to_string(*n);
  return std::get<std::string>(v);
}

}  // namespace

std::string_view name(HttpMethod m) noexcept { return m == HttpMethod::Post ? "POST" : "GET"; }

Result parse_invocation(std::string_view data) {
  const std::vector<std::string_view> words = split_words(data);
  if (words.size() > 4) {
    return base::unexpected(error("invocation", std::to_string(words.size()) +
                                                    " fields given, at most 4 (URL connect_timeout "
                                                    "response_timeout notify_type); extra: " +
                                                    quoted(words[4])));
  }
  RouteConfig config;
  if (auto bad = check_url(words.empty() ? std::string_view() : words[0])) return base::unexpected(*bad);
  config.url = std::string(words[0]);
  if (words.size() > 1) {
    auto t = parse_timeout("connect_timeout", words[1]);
    if (!t) return base::unexpected(t.error());
    config.connect_timeout = *t;
  }
  if (words.size() > 2) {
    auto t = parse_timeout("response_timeout", words[2]);
    if (!t) return base::unexpected(t.error());
    config.response_timeout = *t;
  }
  if (words.size() > 3) {
    auto n = parse_notify(words[3]);
    if (!n) return base::unexpected(n.error());
    config.notify = *n;
  }
  return config;
}

Result make_route_config(const RouteSettings& settings) {
  RouteConfig config;
  const std::string url(base::trim(settings.url.value_or("")));
  if (auto bad = check_url(url)) return base::unexpected(*bad);
  config.url = url;
  if (settings.connect_timeout) {
    auto t = parse_timeout("connect_timeout", as_text(*settings.connect_timeout));
    if (!t) return base::unexpected(t.error());
    config.connect_timeout = *t;
  }
  if (settings.response_timeout) {
    auto t = parse_timeout("response_timeout", as_text(*settings.response_timeout));
    if (!t) return base::unexpected(t.error());
    config.response_timeout = *t;
  }
  if (settings.notify_type) {
    auto n = parse_notify(as_text(*settings.notify_type));
    if (!n) return base::unexpected(n.error());
    config.notify = *n;
  }
  if (settings.method) {
    auto m = parse_method(*settings.method);
    if (!m) return base::unexpected(m.error());
    config.method = *m;
  }
  return config;
}

}  // namespace ctib::routing
