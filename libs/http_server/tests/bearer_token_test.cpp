#include "libs/http_server/bearer_token.hpp"

#include <gtest/gtest.h>

namespace ctib::http_server {
namespace {

Request with_auth(std::string value) {
  Request r;
  r.method = "GET";
  r.path = "/v1/status";
  r.headers.emplace_back("authorization", std::move(value));
  return r;
}

TEST(BearerToken, AcceptsTheTokenInAnySchemeCase) {
  EXPECT_TRUE(bearer_token_matches(with_auth("Bearer s3cret"), "s3cret"));
  EXPECT_TRUE(bearer_token_matches(with_auth("bearer s3cret "), "s3cret"));
}

TEST(BearerToken, RefusesWrongMissingOrPrefixTokens) {
  EXPECT_FALSE(bearer_token_matches(with_auth("Bearer s3cre"), "s3cret"));
  EXPECT_FALSE(bearer_token_matches(with_auth("Bearer s3cret2"), "s3cret"));
  EXPECT_FALSE(bearer_token_matches(with_auth("Basic s3cret"), "s3cret"));
  EXPECT_FALSE(bearer_token_matches(with_auth("s3cret"), "s3cret"));
  EXPECT_FALSE(bearer_token_matches(Request{}, "s3cret"));
  // An empty configured token never opens the API.
  EXPECT_FALSE(bearer_token_matches(with_auth("Bearer "), ""));
}

TEST(BearerToken, WrappedHandlerRunsOnlyWithTheToken) {
  int ran = 0;
  Handler h = require_bearer_token("t", [&ran](const Request&, const PathParams&) {
    ++ran;
    return Response{200, "{}", "application/json", {}};
  });
  const Response denied = h(with_auth("Bearer x"), {});
  EXPECT_EQ(denied.status, 401U);
  ASSERT_EQ(denied.headers.size(), 1U);
  EXPECT_EQ(denied.headers[0].first, "WWW-Authenticate");
  EXPECT_EQ(ran, 0);
  EXPECT_EQ(h(with_auth("Bearer t"), {}).status, 200U);
  EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace ctib::http_server
