#pragma once
// Reading untrusted input into typed values at the edge. A Reader walks one
// JSON object (a request body) or one query string, converts each field and
// keeps the FIRST failure, naming the field and saying why; the handler
// reads everything, then checks failure() once.

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "libs/base/expected.hpp"
#include "libs/http_server/message.hpp"
#include "numbers/model/clock.hpp"
#include "numbers/model/failure.hpp"
#include "numbers/model/names.hpp"
#include "numbers/model/phone.hpp"

namespace ctib::numbers::api {

using Json = nlohmann::json;

// The request body as a JSON object, or a Failure naming "body".
base::Expected<Json, model::Failure> parse_object(std::string_view body);
// The same for a request: a body sent with a Content-Type other than
// application/json (or a `+json` type) is refused 415 before any parsing, so
// a text/plain or form body is never read as JSON by accident. No
// Content-Type at all is read as JSON (minimal clients omit it).
base::Expected<Json, model::Failure> parse_object(const http_server::Request& request);

enum class Need { optional, required };

class Reader {
 public:
  virtual ~Reader() = default;

  // Fails on any field not listed (typos must not pass silently).
  void only(std::initializer_list<std::string_view> allowed);

  std::optional<std::string> text(std::string_view key, Need need, std::size_t max_length = 256);
  // A phone number, normalised to canonical E.164.
  std::optional<std::string> number(std::string_view key, Need need, const model::NumberPlan& plan);
  std::optional<std::int64_t> integer(std::string_view key, Need need, std::int64_t min, std::int64_t max);
  // RFC 3339 text, or (bodies only) an integer of Unix seconds.
  std::optional<model::Instant> time(std::string_view key, Need need);

  template <class E>
  std::optional<E> choice(std::string_view key, Need need, std::string_view allowed) {
    const auto raw = text(key, need, 64);
    if (!raw) return std::nullopt;
    const auto value = model::parse_name<E>(*raw);
    if (!value) fail(key, "must be one of " + std::string(allowed));
    return value;
  }

  [[nodiscard]] const std::optional<model::Failure>& failure() const noexcept { return failure_; }
  void fail(std::string_view key, std::string message);

 protected:
  explicit Reader(std::string prefix) : prefix_(std::move(prefix)) {}
  // The raw value of `key`: a string, a number, a bool... or nullopt when absent.
  [[nodiscard]] virtual const Json* find(std::string_view key) const = 0;
  [[nodiscard]] virtual std::vector<std::string> keys() const = 0;
  [[nodiscard]] virtual bool is_query() const = 0;
  bool missing(std::string_view key, Need need);

 private:
  std::string prefix_;  // "numbers[2]." for nested objects
  std::optional<model::Failure> failure_;
};

// Fields of one JSON object.
class BodyReader final : public Reader {
 public:
  explicit BodyReader(const Json& object, std::string prefix = "") : Reader(std::move(prefix)), object_(object) {}
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::vector<std::string>> texts(std::string_view key, std::size_t max_items, std::size_t max_length);
  // An array of 1..max_items phone numbers, each normalised to canonical
  // E.164, duplicates dropped (first spelling's place kept); the error names
  // the item ("numbers[2]").
  std::optional<std::vector<std::string>> numbers(std::string_view key, Need need, std::size_t max_items,
                                                  const model::NumberPlan& plan);
  // Present with a JSON null.
  [[nodiscard]] bool is_null(std::string_view key) const;

 private:
  [[nodiscard]] const Json* find(std::string_view key) const override;
  [[nodiscard]] std::vector<std::string> keys() const override;
  [[nodiscard]] bool is_query() const override { return false; }
  const Json& object_;
};

// Query parameters (values are always text; numbers are parsed from it).
// Reads the request it was built from: keep the request alive meanwhile.
class QueryReader final : public Reader {
 public:
  explicit QueryReader(const http_server::Request& request);
  // page (1-based) and page_size (1..100, default 20) as offset/limit.
  model::PageRequest page();

 private:
  [[nodiscard]] const Json* find(std::string_view key) const override;
  [[nodiscard]] std::vector<std::string> keys() const override;
  [[nodiscard]] bool is_query() const override { return true; }
  const http_server::Request& request_;  // outlives the reader (the handler's argument)
  // The parameters read so far, as JSON strings (find() hands out pointers
  // into it; std::map keeps them valid as it grows).
  mutable std::map<std::string, Json, std::less<>> values_;
};

}  // namespace ctib::numbers::api
