#pragma once
// The routing answer's JSON body, written straight into one string. Every
// routing request ends here, and building it as a nlohmann::json tree (a
// std::map node and a string per field, then a dump) was the largest
// allocation site of a routing answer. The text is byte for byte what that
// tree dumped: keys in sorted order, strings escaped as JSON requires.

#include <cstdint>
#include <string>
#include <string_view>

namespace ctib::numbers::api {

// What a dial answer says, numbers already formatted for the engine.
struct DialAnswer {
  std::string_view caller_id;  // X: number and name shown to the called party
  std::string_view gateway;
  std::string_view callee;
  bool record = false;
  std::int64_t max_duration = 0;  // seconds; 0 = no limit, no variable
  std::string_view binding_id;    // "" = no variable
};

// {"dial":{"gateway":…,"number":…,"type":"gateway"},"variables":{…}}
std::string dial_answer_json(const DialAnswer& answer);

// {"dial":{"cause":"UNALLOCATED_NUMBER","type":"hangup"}}
inline constexpr std::string_view kHangupAnswerJson = R"({"dial":{"cause":"UNALLOCATED_NUMBER","type":"hangup"}})";

// Appends `text` as a quoted JSON string (", \ and control characters
// escaped; other bytes as they are).
void append_json_string(std::string& out, std::string_view text);

}  // namespace ctib::numbers::api
