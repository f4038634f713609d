// Answers that decode: the seed examples of cti-bridge-protocol §3 and the
// leniencies docs/protocol.md documents.
#include <gtest/gtest.h>

#include "engine/routing/decision.hpp"

namespace ctib::routing {
namespace {

using causes::HangupCause;

RouteDecision decode_ok(std::string_view body) {
  auto r = decode_answer(body);
  EXPECT_TRUE(r.has_value()) << body << "\n  -> " << (r ? "" : r.error().message);
  return r ? std::move(*r) : RouteDecision{};
}

template <class T>
T dial_of(std::string_view body) {
  RouteDecision d = decode_ok(body);
  EXPECT_TRUE(std::holds_alternative<T>(d.dial)) << body << " index " << d.dial.index();
  return std::holds_alternative<T>(d.dial) ? std::get<T>(d.dial) : T{};
}

// --- the five documented examples ---------------------------------------

TEST(SeedExamples, GatewayWithVariables) {
  const RouteDecision d = decode_ok(
      R"({"variables": {"origination_caller_id_number": "123", "absolute_codec_string": "PCMA,PCMU"},
          "dial": {"type": "gateway", "number": "123456", "gateway": "gw"}})");
  ASSERT_TRUE(std::holds_alternative<GatewayDial>(d.dial));
  EXPECT_EQ(std::get<GatewayDial>(d.dial), (GatewayDial{"gw", "123456"}));
  ASSERT_EQ(d.variables.size(), 2u);
  EXPECT_EQ(d.variables.get("origination_caller_id_number"), "123");
  EXPECT_EQ(d.variables.get("absolute_codec_string"), "PCMA,PCMU");
  EXPECT_EQ(d.variables.begin()->first, "origination_caller_id_number");  // order kept
}

TEST(SeedExamples, User) {
  const RouteDecision d = decode_ok(R"({"dial": {"type": "user", "number": "123456", "user": "1000"}})");
  EXPECT_TRUE(d.variables.empty());
  ASSERT_TRUE(std::holds_alternative<UserDial>(d.dial));
  EXPECT_EQ(std::get<UserDial>(d.dial), (UserDial{"1000", "123456"}));
}

TEST(SeedExamples, Ip) {
  EXPECT_EQ(dial_of<IpDial>(
                R"({"dial": {"type": "ip", "number": "123456", "ip": "192.0.2.10:5060", "sofia": "external"}})"),
            (IpDial{"192.0.2.10", 5060, "", "123456", "external"}));
}

TEST(SeedExamples, Dialstring) {
  const auto d = dial_of<DialstringDial>(
      R"({"dial": {"type": "dialstring", "dialstring": "sofia/external/158@192.0.2.10:5060"}})");
  EXPECT_EQ(d.text, "sofia/external/158@192.0.2.10:5060");
  ASSERT_EQ(d.plan.branches.size(), 1u);
  ASSERT_EQ(d.plan.branches[0].groups.size(), 1u);
  ASSERT_EQ(d.plan.branches[0].groups[0].legs.size(), 1u);
  const auto& target = d.plan.branches[0].groups[0].legs[0].target;
  ASSERT_TRUE(std::holds_alternative<dialstring::ProfileTarget>(target));
  const auto& p = std::get<dialstring::ProfileTarget>(target);
  EXPECT_EQ(p.profile, "external");
  EXPECT_EQ(p.uri.user, "158");
  EXPECT_EQ(p.uri.host, "192.0.2.10");
  EXPECT_EQ(p.uri.port, std::optional<std::uint16_t>(5060));
}

TEST(SeedExamples, DialstringCommaIsParallel) {
  const auto d = dial_of<DialstringDial>(
      R"({"dial": {"type": "dialstring",
          "dialstring": "{ignore_early_media=true}sofia/gateway/gw1/n1,sofia/gateway/gw2/n2"}})");
  ASSERT_EQ(d.plan.branches.size(), 1u);
  EXPECT_EQ(d.plan.branches[0].global_vars.get("ignore_early_media"), "true");
  ASSERT_EQ(d.plan.branches[0].groups.size(), 1u);  // one group: rung at the same time
  ASSERT_EQ(d.plan.branches[0].groups[0].legs.size(), 2u);
  const auto& second = d.plan.branches[0].groups[0].legs[1].target;
  ASSERT_TRUE(std::holds_alternative<dialstring::GatewayTarget>(second));
  EXPECT_EQ(std::get<dialstring::GatewayTarget>(second).gateway, "gw2");
}

TEST(SeedExamples, DialstringPipeIsFailover) {
  const auto d = dial_of<DialstringDial>(
      R"({"dial": {"type": "dialstring", "dialstring": "sofia/gateway/gw1/n1|sofia/gateway/gw2/n2"}})");
  ASSERT_EQ(d.plan.branches.size(), 1u);
  EXPECT_EQ(d.plan.branches[0].groups.size(), 2u);
}

TEST(SeedExamples, HangupWithCauseAndSipcode) {
  const auto h = dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": 16, "sipcode": 500}})");
  EXPECT_EQ(h.cause, HangupCause::NORMAL_CLEARING);
  EXPECT_EQ(h.sipcode, 500);
  EXPECT_EQ(h.sip_status(), 500);                          // what the caller gets
  EXPECT_EQ(h.recorded_cause(), HangupCause::NORMAL_CLEARING);  // what is recorded
}

// --- hangup forms -------------------------------------------------------

TEST(Hangup, CauseOnlyUsesItsSipMapping) {
  const auto h = dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": 17}})");
  EXPECT_EQ(h.sipcode, std::nullopt);
  EXPECT_EQ(h.sip_status(), 486);
  EXPECT_EQ(h.recorded_cause(), HangupCause::USER_BUSY);
}

TEST(Hangup, SipcodeOnlyRecordsItsCause) {
  const auto h = dial_of<HangupDial>(R"({"dial": {"type": "hangup", "sipcode": 404}})");
  EXPECT_EQ(h.cause, std::nullopt);
  EXPECT_EQ(h.sip_status(), 404);
  EXPECT_EQ(h.recorded_cause(), HangupCause::UNALLOCATED_NUMBER);
}

TEST(Hangup, CauseByNameAnyCase) {
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": "USER_BUSY"}})").cause,
            HangupCause::USER_BUSY);
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": "call_rejected"}})").cause,
            HangupCause::CALL_REJECTED);
}

TEST(Hangup, CauseInBothNumberings) {
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": 609}})").cause,
            HangupCause::GATEWAY_DOWN);
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": 809}})").cause,
            HangupCause::GATEWAY_DOWN);
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": "501"}})").cause,
            HangupCause::SYSTEM_SHUTDOWN);
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "cause": 487}})").sip_status(), 487);
}

TEST(Hangup, SipcodeAsStringAndBounds) {
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "sipcode": "503"}})").sipcode, 503);
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "sipcode": 400}})").sipcode, 400);
  EXPECT_EQ(dial_of<HangupDial>(R"({"dial": {"type": "hangup", "sipcode": 699}})").sipcode, 699);
}

// --- variables ----------------------------------------------------------

TEST(Variables, NumbersAndBooleansBecomeStrings) {
  const RouteDecision d = decode_ok(
      R"({"variables": {"call_timeout": 30, "ratio": 1.5, "neg": -2, "ignore_early_media": true, "x": false},
          "dial": {"type": "user", "user": "1000"}})");
  EXPECT_EQ(d.variables.get("call_timeout"), "30");
  EXPECT_EQ(d.variables.get("ratio"), "1.5");
  EXPECT_EQ(d.variables.get("neg"), "-2");
  EXPECT_EQ(d.variables.get("ignore_early_media"), "true");
  EXPECT_EQ(d.variables.get("x"), "false");
}

TEST(Variables, AnyNameAcceptedOrderKept) {
  const RouteDecision d = decode_ok(
      R"({"variables": {"sip_h_X-B": "2", "sip_h_X-A": "1", "my var.with:odd=name": "v", "名字": "张三"},
          "dial": {"type": "user", "user": "1000"}})");
  ASSERT_EQ(d.variables.size(), 4u);
  auto it = d.variables.begin();
  EXPECT_EQ((it++)->first, "sip_h_X-B");
  EXPECT_EQ((it++)->first, "sip_h_X-A");
  EXPECT_EQ(d.variables.get("my var.with:odd=name"), "v");
  EXPECT_EQ(d.variables.get("名字"), "张三");
}

TEST(Variables, NullAndEmptyArrayMeanNone) {
  EXPECT_TRUE(decode_ok(R"({"variables": null, "dial": {"type": "user", "user": "1"}})").variables.empty());
  EXPECT_TRUE(decode_ok(R"({"variables": [], "dial": {"type": "user", "user": "1"}})").variables.empty());
  EXPECT_TRUE(decode_ok(R"({"variables": {}, "dial": {"type": "user", "user": "1"}})").variables.empty());
}

TEST(Variables, EmptyValueDeletesAsInFreeswitch) {
  const RouteDecision d = decode_ok(R"({"variables": {"a": "1", "b": ""}, "dial": {"type": "user", "user": "1"}})");
  EXPECT_EQ(d.variables.size(), 1u);
  EXPECT_FALSE(d.variables.contains("b"));
}

TEST(Variables, TypographicQuotesInsideValuesAreText) {
  const RouteDecision d = decode_ok(
      "{\"variables\": {\"origination_caller_id_name\": \"O\xE2\x80\x99" "Brien \xE2\x80\x9C" "x\xE2\x80\x9D\"},"
      " \"dial\": {\"type\": \"user\", \"user\": \"1\"}}");
  EXPECT_EQ(d.variables.get("origination_caller_id_name"), "O\xE2\x80\x99" "Brien \xE2\x80\x9C" "x\xE2\x80\x9D");
}

TEST(Variables, TabIsAllowed) {
  EXPECT_EQ(decode_ok(R"({"variables": {"a": "x\ty"}, "dial": {"type": "user", "user": "1"}})").variables.get("a"),
            "x\ty");
}

// --- lenient forms ------------------------------------------------------

TEST(Lenient, NumbersAsJsonNumbers) {
  EXPECT_EQ(dial_of<GatewayDial>(R"({"dial": {"type": "gateway", "gateway": "gw", "number": 123456}})"),
            (GatewayDial{"gw", "123456"}));
  EXPECT_EQ(dial_of<UserDial>(R"({"dial": {"type": "user", "user": 1000, "number": 5}})"), (UserDial{"1000", "5"}));
  EXPECT_EQ(dial_of<IpDial>(R"({"dial": {"type": "ip", "ip": "192.0.2.1", "number": 0, "sofia": "external"}})")
                .number,
            "0");
}

TEST(Lenient, UserNumberIsOptional) {
  EXPECT_EQ(dial_of<UserDial>(R"({"dial": {"type": "user", "user": "1000"}})"), (UserDial{"1000", ""}));
}

TEST(Lenient, DialTypeCaseIsForgiven) {
  EXPECT_EQ(dial_of<GatewayDial>(R"({"dial": {"type": "Gateway", "gateway": "gw", "number": "1"}})").gateway, "gw");
}

TEST(Lenient, UnknownMembersAreIgnored) {
  const RouteDecision d = decode_ok(
      R"({"version": 2, "trace": {"id": "x"}, "dial": {"type": "gateway", "gateway": "gw", "number": "1",
          "comment": "new field"}})");
  EXPECT_TRUE(std::holds_alternative<GatewayDial>(d.dial));
}

TEST(Lenient, WhitespaceAndByteOrderMark) {
  EXPECT_TRUE(decode_answer("\xEF\xBB\xBF \r\n{\"dial\": {\"type\": \"user\", \"user\": \"1\"}}\n").has_value());
}

TEST(Lenient, BodyAtExactlyTheLimitIsRead) {
  std::string body = R"({"dial": {"type": "user", "user": "1"}, "pad": ")";
  body += std::string(kMaxAnswerBytes - body.size() - 2, 'x');
  body += "\"}";
  ASSERT_EQ(body.size(), kMaxAnswerBytes);
  EXPECT_TRUE(decode_answer(body).has_value());
}

// --- ip forms -----------------------------------------------------------

IpDial ip_dial(std::string_view ip) {
  std::string body = R"({"dial": {"type": "ip", "number": "100", "sofia": "external", "ip": ")";
  body += ip;
  body += "\"}}";
  return dial_of<IpDial>(body);
}

TEST(IpForms, HostWithoutPort) {
  const IpDial d = ip_dial("192.0.2.10");
  EXPECT_EQ(d.host, "192.0.2.10");
  EXPECT_EQ(d.port, std::nullopt);
}

TEST(IpForms, HostName) {
  const IpDial d = ip_dial("vos.example.com:5080");
  EXPECT_EQ(d.host, "vos.example.com");
  EXPECT_EQ(d.port, 5080);
}

TEST(IpForms, BracketedIpv6WithPort) {
  const IpDial d = ip_dial("[2001:db8::1]:5060");
  EXPECT_EQ(d.host, "[2001:db8::1]");
  EXPECT_EQ(d.port, 5060);
}

TEST(IpForms, BareIpv6WithoutPort) {
  const IpDial d = ip_dial("2001:db8::1");
  EXPECT_EQ(d.host, "[2001:db8::1]");
  EXPECT_EQ(d.port, std::nullopt);
}

TEST(IpForms, UriParametersKept) {
  const IpDial d = ip_dial("192.0.2.10:5060;transport=tcp");
  EXPECT_EQ(d.host, "192.0.2.10");
  EXPECT_EQ(d.port, 5060);
  EXPECT_EQ(d.params, ";transport=tcp");
}

}  // namespace
}  // namespace ctib::routing
