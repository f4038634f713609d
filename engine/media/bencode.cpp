#include "engine/media/bencode.hpp"

#include <charconv>

namespace ctib::media {

const Value* Value::find(std::string_view key) const {
  const Dict* d = dict();
  if (d == nullptr) return nullptr;
  for (const auto& [k, v] : *d) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

void encode_into(const Value& value, std::string& out) {
  if (const auto* i = value.integer()) {
    out += 'i';
    out += std::to_string(*i);
    out += 'e';
  } else if (const auto* s = value.string()) {
    out += std::to_string(s->size());
    out += ':';
    out += *s;
  } else if (const auto* l = value.list()) {
    out += 'l';
    for (const Value& v : *l) encode_into(v, out);
    out += 'e';
  } else if (const auto* d = value.dict()) {
    out += 'd';
    for (const auto& [k, v] : *d) {
      out += std::to_string(k.size());
      out += ':';
      out += k;
      encode_into(v, out);
    }
    out += 'e';
  }
}

// A recursive-descent reader over the untrusted text; every step checks the
// bounds first.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  base::Expected<Value, DecodeError> value(int depth) {
    if (depth > kMaxDepth) return fail("nested deeper than " + std::to_string(kMaxDepth));
    if (pos_ >= text_.size()) return fail("unexpected end");
    const char c = text_[pos_];
    if (c == 'i') return integer();
    if (c >= '0' && c <= '9') {
      auto s = string();
      if (!s) return base::unexpected(s.error());
      return Value(std::move(*s));
    }
    if (c == 'l') return list(depth);
    if (c == 'd') return dict(depth);
    return fail(std::string("unexpected byte 0x") + hex(c));
  }
  [[nodiscard]] bool at_end() const { return pos_ == text_.size(); }
  [[nodiscard]] std::size_t pos() const { return pos_; }

 private:
  static std::string hex(char c) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return {kDigits[u >> 4], kDigits[u & 15]};
  }
  base::Unexpected<DecodeError> fail(std::string what) const {
    return base::unexpected(DecodeError{what + " at offset " + std::to_string(pos_)});
  }

  base::Expected<Value, DecodeError> integer() {
    ++pos_;  // 'i'
    const auto end = text_.find('e', pos_);
    if (end == std::string_view::npos) return fail("unterminated integer");
    const std::string_view digits = text_.substr(pos_, end - pos_);
    std::int64_t v = 0;
    const auto* first = digits.data();
    const auto* last = digits.data() + digits.size();
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (digits.empty() || ec != std::errc() || ptr != last) return fail("bad integer");
    // Canonical form only (no "-0", no leading zeros), so what decodes
    // encodes back to the same bytes.
    const std::string_view magnitude = digits.front() == '-' ? digits.substr(1) : digits;
    if (magnitude.size() > 1 && magnitude.front() == '0') return fail("bad integer");
    if (digits == "-0") return fail("bad integer");
    pos_ = end + 1;
    return Value(v);
  }

  base::Expected<std::string, DecodeError> string() {
    const auto colon = text_.find(':', pos_);
    if (colon == std::string_view::npos || colon - pos_ > 10) return fail("bad string length");
    std::size_t len = 0;
    const auto* first = text_.data() + pos_;
    const auto* last = text_.data() + colon;
    auto [ptr, ec] = std::from_chars(first, last, len);
    if (ec != std::errc() || ptr != last) return fail("bad string length");
    if (colon - pos_ > 1 && text_[pos_] == '0') return fail("bad string length");
    if (len > text_.size() - colon - 1) return fail("string longer than the input");
    std::string s(text_.substr(colon + 1, len));
    pos_ = colon + 1 + len;
    return s;
  }

  base::Expected<Value, DecodeError> list(int depth) {
    ++pos_;  // 'l'
    List out;
    while (true) {
      if (pos_ >= text_.size()) return fail("unterminated list");
      if (text_[pos_] == 'e') break;
      auto v = value(depth + 1);
      if (!v) return v;
      out.push_back(std::move(*v));
    }
    ++pos_;
    return Value(std::move(out));
  }

  base::Expected<Value, DecodeError> dict(int depth) {
    ++pos_;  // 'd'
    Dict out;
    while (true) {
      if (pos_ >= text_.size()) return fail("unterminated dictionary");
      if (text_[pos_] == 'e') break;
      if (text_[pos_] < '0' || text_[pos_] > '9') return fail("dictionary key is not a string");
      auto k = string();
      if (!k) return base::unexpected(k.error());
      auto v = value(depth + 1);
      if (!v) return v;
      out.emplace_back(std::move(*k), std::move(*v));
    }
    ++pos_;
    return Value(std::move(out));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode(const Value& value) {
  std::string out;
  encode_into(value, out);
  return out;
}

base::Expected<Value, DecodeError> decode(std::string_view text) {
  Reader r(text);
  auto v = r.value(0);
  if (!v) return v;
  if (!r.at_end())
    return base::unexpected(DecodeError{"trailing bytes at offset " + std::to_string(r.pos())});
  return v;
}

}  // namespace ctib::media
