#include "engine/routing/request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ctib::routing {
namespace {

using namespace std::chrono_literals;

RouteConfig get_config(std::string url) {
  RouteConfig c;
  c.url = std::move(url);
  return c;
}

RouteConfig post_config(std::string url) {
  RouteConfig c = get_config(std::move(url));
  c.method = HttpMethod::Post;
  return c;
}

CallInfo sample_call() {
  CallInfo call;
  call.uuid = "6f1c2a9e-3b1d-4c5e-8f00-0123456789ab";
  call.caller_id_number = "13800138000";
  call.caller_id_name = "Alice";
  call.destination_number = "95500";
  call.network_addr = "192.0.2.7";
  call.network_port = 5062;
  call.profile = "external";
  call.sip_call_id = "abc@192.0.2.7";
  call.sip_from_user = "13800138000";
  call.sip_from_host = "192.0.2.7";
  call.sip_to_user = "95500";
  call.sip_req_user = "95500";
  return call;
}

// The query part after the configured URL.
std::string query_after(const std::string& url, const std::string& prefix) {
  EXPECT_EQ(url.substr(0, prefix.size()), prefix);
  return url.substr(prefix.size());
}

TEST(PercentEncode, UnreservedKept) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode(""), "");
}

TEST(PercentEncode, ReservedAndSpace) {
  EXPECT_EQ(percent_encode("a b"), "a%20b");
  EXPECT_EQ(percent_encode("+8613800138000"), "%2B8613800138000");
  EXPECT_EQ(percent_encode("a&b=c"), "a%26b%3Dc");
  EXPECT_EQ(percent_encode("abc@192.0.2.7"), "abc%40192.0.2.7");
  EXPECT_EQ(percent_encode("%/?#"), "%25%2F%3F%23");
}

TEST(PercentEncode, Utf8ChineseName) {
  // 张三 in UTF-8: E5 BC A0 E4 B8 89
  EXPECT_EQ(percent_encode("张三"), "%E5%BC%A0%E4%B8%89");
}

TEST(PercentEncode, ControlAndHighBytes) {
  EXPECT_EQ(percent_encode(std::string("\0\n\x7f\xff", 4)), "%00%0A%7F%FF");
}

TEST(RouteRequest, GetAppendsWithQuestionMarkInDocumentedOrder) {
  const HttpRequest r = build_route_request(get_config("http://127.0.0.1:8080/route"), sample_call());
  EXPECT_EQ(r.method, HttpMethod::Get);
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.content_type.empty());
  EXPECT_EQ(r.url,
            "http://127.0.0.1:8080/route?action=request&uuid=6f1c2a9e-3b1d-4c5e-8f00-0123456789ab"
            "&caller_id_number=13800138000&caller_id_name=Alice&destination_number=95500"
            "&network_addr=192.0.2.7&network_port=5062&profile=external&sip_call_id=abc%40192.0.2.7"
            "&sip_from_user=13800138000&sip_from_host=192.0.2.7&sip_to_user=95500&sip_req_user=95500"
            "&direction=inbound");
}

TEST(RouteRequest, GetJoinsWithAmpersandWhenUrlHasQuery) {
  const HttpRequest r = build_route_request(get_config("http://h/route?tenant=7"), sample_call());
  EXPECT_EQ(query_after(r.url, "http://h/route?tenant=7").substr(0, 16), "&action=request&");
}

TEST(RouteRequest, GetDoesNotDoubleATrailingSeparator) {
  EXPECT_EQ(build_route_request(get_config("http://h/route?"), sample_call()).url.substr(0, 30),
            "http://h/route?action=request&");
  EXPECT_EQ(build_route_request(get_config("http://h/route?a=1&"), sample_call()).url.substr(0, 34),
            "http://h/route?a=1&action=request&");
}

TEST(RouteRequest, ValuesArePercentEncoded) {
  CallInfo call = sample_call();
  call.caller_id_name = "张三 & Co=1+2";
  call.caller_id_number = "+86 138";
  const HttpRequest r = build_route_request(get_config("http://h/r"), call);
  EXPECT_NE(r.url.find("&caller_id_name=%E5%BC%A0%E4%B8%89%20%26%20Co%3D1%2B2&"), std::string::npos) << r.url;
  EXPECT_NE(r.url.find("&caller_id_number=%2B86%20138&"), std::string::npos) << r.url;
}

TEST(RouteRequest, EmptyFieldsAreStillSent) {
  CallInfo call;
  call.uuid = "u";
  const HttpRequest r = build_route_request(get_config("http://h/r"), call);
  EXPECT_NE(r.url.find("&caller_id_name=&"), std::string::npos) << r.url;
  EXPECT_NE(r.url.find("&network_port=0&"), std::string::npos) << r.url;
}

TEST(RouteRequest, ExtraSipHeadersComeLastAsSipH) {
  CallInfo call = sample_call();
  call.sip_headers = {{"X-Tenant", "7"}, {"X-Trace", "a b"}};
  const HttpRequest r = build_route_request(get_config("http://h/r"), call);
  const std::string tail = "&direction=inbound&sip_h_X-Tenant=7&sip_h_X-Trace=a%20b";
  ASSERT_GE(r.url.size(), tail.size());
  EXPECT_EQ(r.url.substr(r.url.size() - tail.size()), tail);
}

// docs/protocol.md §2.1.2: the request after play_and_get_digits is the
// first one again with the digits and read_result last.
TEST(RouteRequest, DigitsComeLast) {
  CallInfo call = sample_call();
  call.sip_auth_username = "1001";
  call.sip_auth_realm = "example.com";
  const HttpRequest first = build_route_request(get_config("http://h/r"), call);
  call.digits = DigitsInfo{"ctib_digits", "1234", "success"};
  const HttpRequest second = build_route_request(get_config("http://h/r"), call);
  EXPECT_EQ(second.url, first.url + "&ctib_digits=1234&read_result=success");
  call.digits = DigitsInfo{"ext", "", "timeout"};
  EXPECT_EQ(build_route_request(get_config("http://h/r"), call).url, first.url + "&ext=&read_result=timeout");
}

// Decision 0015: a blind transfer's request names the target last, after
// the headers and the digest user, so a first request's order never changes.
TEST(RouteRequest, TransferParametersComeLast) {
  CallInfo call = sample_call();
  call.destination_number = "2000";
  call.sip_headers = {{"X-Tenant", "7"}};
  call.sip_auth_username = "1001";
  call.sip_auth_realm = "example.com";
  call.transfer = TransferInfo{"2000", "sip:2000@192.0.2.9", "<sip:1001@192.0.2.9>", "callee",
                               "1764770000:6f1c:bl_xfer:2000/cti_bridge/external"};
  const HttpRequest r = build_route_request(get_config("http://h/r"), call);
  EXPECT_NE(r.url.find("&destination_number=2000&"), std::string::npos) << r.url;
  const std::string tail =
      "&sip_h_X-Tenant=7&sip_auth_username=1001&sip_auth_realm=example.com"
      "&sip_refer_to=sip%3A2000%40192.0.2.9&sip_referred_by=%3Csip%3A1001%40192.0.2.9%3E"
      "&transfer_source=1764770000%3A6f1c%3Abl_xfer%3A2000%2Fcti_bridge%2Fexternal&transferor=callee";
  ASSERT_GE(r.url.size(), tail.size());
  EXPECT_EQ(r.url.substr(r.url.size() - tail.size()), tail);
  EXPECT_EQ(build_route_request(get_config("http://h/r"), sample_call()).url.find("transfer"),
            std::string::npos);
}

TEST(RouteRequest, PostSendsSameFieldsAsJsonStrings) {
  CallInfo call = sample_call();
  call.caller_id_name = "张三";
  call.sip_headers = {{"X-Tenant", "7"}};
  const HttpRequest r = build_route_request(post_config("http://h/route?tenant=7"), call);
  EXPECT_EQ(r.method, HttpMethod::Post);
  EXPECT_EQ(r.url, "http://h/route?tenant=7");
  EXPECT_EQ(r.content_type, "application/json");
  const auto body = nlohmann::ordered_json::parse(r.body);
  ASSERT_TRUE(body.is_object());
  const std::vector<std::string> order{
      "action",        "uuid",         "caller_id_number", "caller_id_name", "destination_number",
      "network_addr",  "network_port", "profile",          "sip_call_id",    "sip_from_user",
      "sip_from_host", "sip_to_user",  "sip_req_user",     "direction",      "sip_h_X-Tenant"};
  std::vector<std::string> keys;
  for (const auto& [k, v] : body.items()) {
    keys.push_back(k);
    EXPECT_TRUE(v.is_string()) << k;
  }
  EXPECT_EQ(keys, order);
  EXPECT_EQ(body["action"], "request");
  EXPECT_EQ(body["caller_id_name"], "张三");
  EXPECT_EQ(body["network_port"], "5062");
  EXPECT_EQ(body["direction"], "inbound");
}

TEST(RouteRequest, PostBodySurvivesInvalidUtf8) {
  CallInfo call = sample_call();
  call.caller_id_name = "caf\xe9";  // Latin-1, not UTF-8
  const HttpRequest r = build_route_request(post_config("http://h/r"), call);
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["caller_id_name"], "caf\xEF\xBF\xBD");
}

TEST(Action, NamesFromTable) {
  EXPECT_EQ(name(Action::Request), "request");
  EXPECT_EQ(name(Action::Ring), "ring");
  EXPECT_EQ(name(Action::Progress), "progress");
  EXPECT_EQ(name(Action::Answer), "answer");
  EXPECT_EQ(name(Action::Hangup), "hangup");
  static_assert(name(Action::Ring) == "ring");
}

TEST(ProgressNotification, RingProgressAnswer) {
  const CallInfo call = sample_call();
  for (auto [action, word] : {std::pair{Action::Ring, "ring"}, std::pair{Action::Progress, "progress"},
                              std::pair{Action::Answer, "answer"}}) {
    const HttpRequest r = build_progress_notification(get_config("http://h/r?k=v"), action, call);
    EXPECT_EQ(r.url, std::string("http://h/r?k=v&action=") + word +
                         "&uuid=6f1c2a9e-3b1d-4c5e-8f00-0123456789ab&caller_id_number=13800138000"
                         "&destination_number=95500");
  }
}

TEST(ProgressNotification, PostMode) {
  const HttpRequest r = build_progress_notification(post_config("http://h/r"), Action::Answer, sample_call());
  EXPECT_EQ(r.body, R"({"action":"answer","uuid":"6f1c2a9e-3b1d-4c5e-8f00-0123456789ab",)"
                    R"("caller_id_number":"13800138000","destination_number":"95500"})");
}

HangupReport answered_report() {
  HangupReport rep;
  rep.uuid = "6f1c2a9e-3b1d-4c5e-8f00-0123456789ab";
  rep.cause = causes::HangupCause::NORMAL_CLEARING;
  rep.sip_term_status = 200;
  rep.start = std::chrono::system_clock::time_point(1700000000s + 900ms);
  rep.answer = std::chrono::system_clock::time_point(1700000005s + 100ms);
  rep.end = std::chrono::system_clock::time_point(1700000065s + 500ms);
  rep.caller_id_number = "13800138000";
  rep.destination_number = "95500";
  rep.dialed = "sofia/gateway/gw/123456";
  rep.hangup_by = HangupBy::Callee;
  return rep;
}

TEST(HangupNotification, EveryFieldInOrder) {
  const HttpRequest r = build_hangup_notification(get_config("http://h/r"), answered_report());
  EXPECT_EQ(r.url,
            "http://h/r?action=hangup&uuid=6f1c2a9e-3b1d-4c5e-8f00-0123456789ab&hangup_cause=NORMAL_CLEARING"
            "&hangup_cause_q850=16&sip_term_status=200&start_epoch=1700000000&answer_epoch=1700000005"
            "&end_epoch=1700000065&duration=65&billsec=60&caller_id_number=13800138000"
            "&destination_number=95500&dialed=sofia%2Fgateway%2Fgw%2F123456&hangup_by=callee");
}

TEST(HangupNotification, UnansweredHasZeroAnswerEpochAndBillsec) {
  HangupReport rep = answered_report();
  rep.answer.reset();
  rep.cause = causes::HangupCause::USER_BUSY;
  rep.sip_term_status = 486;
  rep.hangup_by = HangupBy::Caller;
  const HttpRequest r = build_hangup_notification(post_config("http://h/r"), rep);
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["answer_epoch"], "0");
  EXPECT_EQ(body["billsec"], "0");
  EXPECT_EQ(body["duration"], "65");
  EXPECT_EQ(body["hangup_cause"], "USER_BUSY");
  EXPECT_EQ(body["hangup_cause_q850"], "17");
  EXPECT_EQ(body["sip_term_status"], "486");
  EXPECT_EQ(body["hangup_by"], "caller");
}

TEST(HangupNotification, PostBodyHasAllFourteenFields) {
  const HttpRequest r = build_hangup_notification(post_config("http://h/r"), answered_report());
  const auto body = nlohmann::ordered_json::parse(r.body);
  std::vector<std::string> keys;
  for (const auto& [k, v] : body.items()) keys.push_back(k);
  const std::vector<std::string> expected{
      "action",          "uuid",        "hangup_cause",     "hangup_cause_q850",
      "sip_term_status", "start_epoch", "answer_epoch",     "end_epoch",
      "duration",        "billsec",     "caller_id_number", "destination_number",
      "dialed",          "hangup_by"};
  EXPECT_EQ(keys, expected);
}

TEST(HangupNotification, ARecordedCallEndsWithItsFileAndLength) {
  HangupReport rep = answered_report();
  rep.record_file = "/var/lib/ctib/recordings/6f1c.wav";
  rep.record_ms = std::chrono::milliseconds(59960);
  const HttpRequest r = build_hangup_notification(get_config("http://h/r"), rep);
  EXPECT_NE(r.url.find("&hangup_by=callee&record_file=%2Fvar%2Flib%2Fctib%2Frecordings%2F6f1c.wav"
                       "&record_seconds=59&record_ms=59960"),
            std::string::npos)
      << r.url;
  rep.record_ms.reset();  // a file without a length is not reported
  EXPECT_EQ(build_hangup_notification(get_config("http://h/r"), rep).url.find("record_"), std::string::npos);
}

TEST(HangupNotification, FreeswitchSpecificCauseReportsQ850As16) {
  HangupReport rep = answered_report();
  rep.cause = causes::HangupCause::GATEWAY_DOWN;
  rep.sip_term_status.reset();
  rep.answer.reset();
  rep.dialed = "";
  rep.hangup_by = HangupBy::System;
  const HttpRequest r = build_hangup_notification(get_config("http://h/r"), rep);
  EXPECT_NE(r.url.find("&hangup_cause=GATEWAY_DOWN&hangup_cause_q850=16&sip_term_status=&"),
            std::string::npos)
      << r.url;
  EXPECT_NE(r.url.find("&dialed=&hangup_by=system"), std::string::npos) << r.url;
}

TEST(HangupNotification, EndBeforeStartNeverGivesNegativeDuration) {
  HangupReport rep = answered_report();
  rep.end = rep.start - 5s;
  rep.answer.reset();
  const auto body = nlohmann::json::parse(build_hangup_notification(post_config("http://h/r"), rep).body);
  EXPECT_EQ(body["duration"], "0");
}

TEST(HangupBy, Names) {
  EXPECT_EQ(name(HangupBy::Caller), "caller");
  EXPECT_EQ(name(HangupBy::Callee), "callee");
  EXPECT_EQ(name(HangupBy::System), "system");
}

}  // namespace
}  // namespace ctib::routing
