// The hand-written routing answer must say exactly what the JSON tree it
// replaced said (the engine parses it), for every combination of optional
// variables and for text that needs escaping.
#include "numbers/api/dial_answer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "numbers/api/cti.hpp"

namespace ctib::numbers::api {
namespace {

using Json = nlohmann::json;

Json as_tree(const DialAnswer& a) {
  Json variables = {{"origination_caller_id_number", a.caller_id},
                    {"origination_caller_id_name", a.caller_id},
                    {"sip_copy_custom_headers", "false"}};
  if (a.record) variables[std::string(kRecordVariable)] = "true";
  if (a.max_duration > 0) variables[std::string(kMaxDurationVariable)] = std::to_string(a.max_duration);
  if (!a.binding_id.empty()) variables[std::string(kBindingVariable)] = a.binding_id;
  return {{"variables", std::move(variables)},
          {"dial", {{"type", "gateway"}, {"gateway", a.gateway}, {"number", a.callee}}}};
}

TEST(DialAnswerJson, SameTextAsTheJsonTreeForEveryVariableCombination) {
  for (const bool record : {false, true}) {
    for (const std::int64_t max_duration : {0, 600}) {
      for (const std::string_view id : {"", "bnd_0123"}) {
        const DialAnswer a{"+8617100000001", "gw-010", "+8613900000001", record, max_duration, id};
        EXPECT_EQ(dial_answer_json(a), as_tree(a).dump()) << record << max_duration << id;
      }
    }
  }
}

TEST(DialAnswerJson, EscapesWhatJsonRequires) {
  const std::string odd = std::string("gw \"a\\b\"\n\t\r\b\f") + '\x01' + '\x1f' + " 网关";
  const DialAnswer a{"+8617100000001", odd, "+8613900000001", true, 1, "bnd_\"x\""};
  const std::string text = dial_answer_json(a);
  EXPECT_EQ(text, as_tree(a).dump());
  EXPECT_EQ(Json::parse(text)["dial"]["gateway"], odd);
}

TEST(DialAnswerJson, HangupIsTheTreesText) {
  const Json tree = {{"dial", {{"type", "hangup"}, {"cause", "UNALLOCATED_NUMBER"}}}};
  EXPECT_EQ(kHangupAnswerJson, tree.dump());
}

}  // namespace
}  // namespace ctib::numbers::api
