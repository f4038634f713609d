#pragma once
// Bencode, the encoding of rtpengine's ng control protocol: integers
// (i42e), byte strings (3:abc), lists (l...e) and dictionaries (d...e, keys
// are byte strings). decode() parses untrusted datagrams from the network
// into typed values: it bounds nesting and never reads past the input.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "libs/base/expected.hpp"

namespace ctib::media {

class Value;
using List = std::vector<Value>;
// Keys in the order given (ng peers do not care; tests read back in order).
using Dict = std::vector<std::pair<std::string, Value>>;

class Value {
 public:
  Value() : v_(std::string()) {}
  Value(std::int64_t i) : v_(i) {}                             // NOLINT(google-explicit-constructor)
  Value(std::string s) : v_(std::move(s)) {}                   // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                 // NOLINT
  Value(List l) : v_(std::make_shared<List>(std::move(l))) {}  // NOLINT
  Value(Dict d) : v_(std::make_shared<Dict>(std::move(d))) {}  // NOLINT

  [[nodiscard]] const std::int64_t* integer() const { return std::get_if<std::int64_t>(&v_); }
  [[nodiscard]] const std::string* string() const { return std::get_if<std::string>(&v_); }
  [[nodiscard]] const List* list() const {
    const auto* p = std::get_if<std::shared_ptr<List>>(&v_);
    return p != nullptr ? p->get() : nullptr;
  }
  [[nodiscard]] const Dict* dict() const {
    const auto* p = std::get_if<std::shared_ptr<Dict>>(&v_);
    return p != nullptr ? p->get() : nullptr;
  }
  // The value of `key` when this is a dictionary that has it.
  [[nodiscard]] const Value* find(std::string_view key) const;

 private:
  // Lists and dictionaries behind shared_ptr: Value is then copyable while
  // recursive; values are never mutated after construction.
  std::variant<std::int64_t, std::string, std::shared_ptr<List>, std::shared_ptr<Dict>> v_;
};

struct DecodeError {
  std::string detail;  // what was wrong and at which offset
};

// The nesting decode() accepts; ng replies are two or three levels deep.
inline constexpr int kMaxDepth = 32;

std::string encode(const Value& value);
// Exactly one value, nothing after it.
base::Expected<Value, DecodeError> decode(std::string_view text);

}  // namespace ctib::media
