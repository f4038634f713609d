#include "numbers/api/dial_answer.hpp"

#include "numbers/api/cti.hpp"

namespace ctib::numbers::api {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out.push_back(kHex[byte >> 4]);
          out.push_back(kHex[byte & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

namespace {

void field(std::string& out, std::string_view key, std::string_view value) {
  append_json_string(out, key);
  out.push_back(':');
  append_json_string(out, value);
}

}  // namespace

std::string dial_answer_json(const DialAnswer& a) {
  std::string out;
  out.reserve(320);
  out += R"({"dial":{)";
  field(out, "gateway", a.gateway);
  out.push_back(',');
  field(out, "number", a.callee);
  out += R"(,"type":"gateway"},"variables":{)";
  // Sorted by name, as the JSON tree this replaces wrote them.
  if (!a.binding_id.empty()) {
    field(out, kBindingVariable, a.binding_id);
    out.push_back(',');
  }
  if (a.max_duration > 0) {
    field(out, kMaxDurationVariable, std::to_string(a.max_duration));
    out.push_back(',');
  }
  if (a.record) {
    field(out, kRecordVariable, "true");
    out.push_back(',');
  }
  field(out, "origination_caller_id_name", a.caller_id);
  out.push_back(',');
  field(out, "origination_caller_id_number", a.caller_id);
  out += R"(,"sip_copy_custom_headers":"false"}})";
  return out;
}

}  // namespace ctib::numbers::api
