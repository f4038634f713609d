#include "libs/http_server/router.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace ctib::http_server {
namespace {

Request make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(HttpRouter, MatchesPlaceholdersAndMethods) {
  Router router;
  router.add("GET", "/v1/things/{id}", [](const Request&, const PathParams& p) {
    return Response{200, p.at("id"), "text/plain", {}};
  });
  EXPECT_EQ(router.dispatch(make("GET", "/v1/things/42")).body, "42");
  EXPECT_EQ(router.dispatch(make("DELETE", "/v1/things/42")).status, 405u);
  EXPECT_EQ(router.dispatch(make("GET", "/v1/things")).status, 404u);
  EXPECT_EQ(router.dispatch(make("GET", "/v1/things/42/x")).status, 404u);
}

TEST(HttpRouter, HandlerExceptionIsA500) {
  std::string logged;
  Router router(default_error, [&](std::string_view line) { logged = line; });
  router.add("GET", "/boom", [](const Request&, const PathParams&) -> Response { throw std::runtime_error("db down"); });
  const Response r = router.dispatch(make("GET", "/boom"));
  EXPECT_EQ(r.status, 500u);
  EXPECT_NE(r.body.find("internal error"), std::string::npos);
  EXPECT_NE(logged.find("db down"), std::string::npos);
}

TEST(HttpQuery, DecodesPercentAndKeepsPlus) {
  std::vector<std::pair<std::string, std::string>> q;
  ASSERT_TRUE(parse_query("a=%2B86%20x&b=+1&c&&d=", q));
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].second, "+86 x");
  EXPECT_EQ(q[1].second, "+1");
  EXPECT_EQ(q[2].first, "c");
  EXPECT_EQ(q[3].second, "");
  std::vector<std::pair<std::string, std::string>> bad;
  EXPECT_FALSE(parse_query("a=%2", bad));
  EXPECT_FALSE(parse_query("a=%zz", bad));
}

}  // namespace
}  // namespace ctib::http_server
