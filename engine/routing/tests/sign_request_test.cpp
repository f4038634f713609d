#include <gtest/gtest.h>

#include "engine/routing/request.hpp"

namespace ctib::routing {
namespace {

const signing::SigningKey kKey{"test-key-1", "ctib-test-secret-0001"};

CallInfo call() {
  CallInfo c;
  c.uuid = "6f1c2a9e-3b1d-4c5e-8f00-0123456789ab";
  c.caller_id_number = "13800138000";
  c.destination_number = "17100000001";
  return c;
}

TEST(SignRequest, RouteCarriesTheKeyIdIntoEveryRequest) {
  RouteConfig route = *parse_invocation("http://127.0.0.1:8080/v1/cti?secret=s3cr3t");
  EXPECT_TRUE(build_route_request(route, call()).key_id.empty());  // no key: unsigned, as FreeSWITCH
  route.key_id = "test-key-1";
  EXPECT_EQ(build_route_request(route, call()).key_id, "test-key-1");
  EXPECT_EQ(build_progress_notification(route, Action::Ring, call()).key_id, "test-key-1");
  HangupReport report;
  report.uuid = call().uuid;
  EXPECT_EQ(build_hangup_notification(route, report).key_id, "test-key-1");
}

TEST(SignRequest, SignsTheRequestLineTargetAndBody) {
  RouteConfig route = *parse_invocation("http://127.0.0.1:8080/v1/cti?secret=s3cr3t");
  route.key_id = kKey.id;
  const HttpRequest get = build_progress_notification(route, Action::Ring, call());
  const auto headers = sign_request(get, kKey, 1700000000);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0], (std::pair<std::string, std::string>{"X-CTIB-Timestamp", "1700000000"}));
  EXPECT_EQ(headers[1], (std::pair<std::string, std::string>{"X-CTIB-Key-Id", "test-key-1"}));
  const std::string target = get.url.substr(std::string("http://127.0.0.1:8080").size());
  EXPECT_EQ(headers[2].second, signing::sign(kKey, "GET", target, 1700000000, "").signature);

  route.method = HttpMethod::Post;
  const HttpRequest post = build_progress_notification(route, Action::Ring, call());
  EXPECT_EQ(sign_request(post, kKey, 1700000000)[2].second,
            signing::sign(kKey, "POST", "/v1/cti?secret=s3cr3t", 1700000000, post.body).signature);
  // A retry a second later is a new signature (signed at send time).
  EXPECT_NE(sign_request(post, kKey, 1700000001)[2].second, sign_request(post, kKey, 1700000000)[2].second);
}

}  // namespace
}  // namespace ctib::routing
