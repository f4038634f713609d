#include <gtest/gtest.h>

#include "engine/router/http_router.hpp"
#include "engine/routing/decision.hpp"

namespace ctib::router {
namespace {

routing::RouteConfig route() {
  routing::RouteConfig r;
  r.url = "http://127.0.0.1:9/route";
  r.connect_timeout = std::chrono::milliseconds(1000);
  r.response_timeout = std::chrono::milliseconds(1500);
  return r;
}

http::Result response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(Interpret, GoodAnswerIsADecision) {
  auto r = interpret(response(200, R"({"dial":{"type":"gateway","gateway":"gw","number":"1"}})"), route());
  ASSERT_TRUE(r);
  EXPECT_TRUE(std::holds_alternative<routing::GatewayDial>(r->dial));
}

TEST(Interpret, NonTwoHundredNamesTheStatusAndUrl) {
  auto r = interpret(response(503, "busy\nnow"), route());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail, "HTTP 503 from http://127.0.0.1:9/route: busy now");
  EXPECT_EQ(r.error().kind, call::RouteFailureKind::http_status);
}

TEST(Interpret, GarbageNamesTheProblem) {
  auto r = interpret(response(200, "\xe2\x80\x9c" "dial" "\xe2\x80\x9d"), route());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("bad answer from http://127.0.0.1:9/route"), std::string::npos);
  EXPECT_NE(r.error().detail.find("typographic"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().kind, call::RouteFailureKind::bad_answer);
}

TEST(Interpret, TimeoutsSayWhichAndHowLong) {
  http::Result timeout = base::unexpected(http::Failure{http::Failure::Reason::ResponseTimeout, "x"});
  EXPECT_EQ(interpret(timeout, route()).error().detail,
            "no answer from http://127.0.0.1:9/route within 1500 ms");
  http::Result refused = base::unexpected(http::Failure{http::Failure::Reason::ConnectFailed, "refused"});
  EXPECT_EQ(interpret(refused, route()).error().detail,
            "connect to http://127.0.0.1:9/route failed: refused");
  EXPECT_EQ(interpret(timeout, route()).error().kind, call::RouteFailureKind::timeout);
  EXPECT_EQ(interpret(refused, route()).error().kind, call::RouteFailureKind::connect);
  http::Result large = base::unexpected(http::Failure{http::Failure::Reason::TooLarge, ""});
  EXPECT_EQ(interpret(large, route()).error().kind, call::RouteFailureKind::bad_answer);
}

TEST(CallInfo, CarriesEveryFieldAndTheConfiguredHeaders) {
  call::InboundInvite in;
  in.profile = "internal";
  in.call_id = "cid@h";
  in.from_display = "Alice";
  in.from_user = "13800000001";
  in.from_host = "10.0.0.1";
  in.to_user = "95000";
  in.request_user = "95001";
  in.network_addr = "127.0.0.1";
  in.network_port = 5062;
  in.custom_headers = {{"X-Tenant", "7"}, {"X-Other", "no"}};
  call::RouteQuery q{route(), "uuid-1", &in};
  auto info = call_info(q, {"x-tenant", "X-Missing"});
  EXPECT_EQ(info.uuid, "uuid-1");
  EXPECT_EQ(info.caller_id_number, "13800000001");
  EXPECT_EQ(info.caller_id_name, "Alice");
  EXPECT_EQ(info.destination_number, "95001");
  EXPECT_EQ(info.network_port, 5062);
  EXPECT_EQ(info.sip_req_user, "95001");
  EXPECT_EQ(info.sip_to_user, "95000");
  ASSERT_EQ(info.sip_headers.size(), 1u);
  EXPECT_EQ(info.sip_headers[0].first, "X-Tenant");  // as received
  EXPECT_EQ(info.sip_headers[0].second, "7");
}

}  // namespace
}  // namespace ctib::router
