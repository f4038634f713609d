#include "engine/routing/invocation.hpp"

#include <gtest/gtest.h>

namespace ctib::routing {
namespace {

using std::chrono::milliseconds;

RouteConfig ok(std::string_view data) {
  auto r = parse_invocation(data);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : RouteConfig{};
}

InvocationError bad(std::string_view data) {
  auto r = parse_invocation(data);
  EXPECT_FALSE(r.has_value()) << data;
  return r ? InvocationError{} : r.error();
}

TEST(Invocation, AllFourFields) {
  const RouteConfig c = ok("http://127.0.0.1:8080/route?tenant=7 1500 2500 0");
  EXPECT_EQ(c.url, "http://127.0.0.1:8080/route?tenant=7");
  EXPECT_EQ(c.connect_timeout, milliseconds(1500));
  EXPECT_EQ(c.response_timeout, milliseconds(2500));
  EXPECT_FALSE(c.notify);
  EXPECT_EQ(c.method, HttpMethod::Get);
}

TEST(Invocation, DefaultsForOmittedTrailingFields) {
  const RouteConfig c = ok("https://route.example.com/cti");
  EXPECT_EQ(c.connect_timeout, milliseconds(3000));
  EXPECT_EQ(c.response_timeout, milliseconds(3000));
  EXPECT_TRUE(c.notify);
  const RouteConfig two = ok("http://h/r 1000");
  EXPECT_EQ(two.connect_timeout, milliseconds(1000));
  EXPECT_EQ(two.response_timeout, milliseconds(3000));
  const RouteConfig three = ok("http://h/r 1000 2000");
  EXPECT_EQ(three.response_timeout, milliseconds(2000));
  EXPECT_TRUE(three.notify);
}

TEST(Invocation, ExtraSpacesAndTabsAreOneSeparator) {
  const RouteConfig c = ok("  http://h/r \t 100   200\t1  ");
  EXPECT_EQ(c.url, "http://h/r");
  EXPECT_EQ(c.connect_timeout, milliseconds(100));
  EXPECT_EQ(c.response_timeout, milliseconds(200));
  EXPECT_TRUE(c.notify);
}

TEST(Invocation, SchemeIsCaseInsensitive) { EXPECT_EQ(ok("HTTPS://h/x").url, "HTTPS://h/x"); }

TEST(Invocation, UrlMissing) {
  const auto e = bad("");
  EXPECT_EQ(e.field, "url");
  EXPECT_NE(e.message.find("url: missing"), std::string::npos) << e.message;
  EXPECT_EQ(bad("   ").field, "url");
}

TEST(Invocation, UrlWrongScheme) {
  const auto e = bad("ftp://h/x 3000");
  EXPECT_EQ(e.field, "url");
  EXPECT_NE(e.message.find("'ftp://h/x'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("http:// or https://"), std::string::npos) << e.message;
  EXPECT_EQ(bad("127.0.0.1:8080/route").field, "url");
}

TEST(Invocation, UrlWithoutHost) {
  EXPECT_NE(bad("http:///route").message.find("has no host"), std::string::npos);
  EXPECT_NE(bad("http://:80/route").message.find("has no host"), std::string::npos);
  EXPECT_NE(bad("http://").message.find("has no host"), std::string::npos);
}

TEST(Invocation, UrlWithFragmentIsRefused) {
  const auto e = bad("http://h/route#x");
  EXPECT_NE(e.message.find("fragment"), std::string::npos) << e.message;
}

TEST(Invocation, ConnectTimeoutNotANumber) {
  const auto e = bad("http://h/r abc");
  EXPECT_EQ(e.field, "connect_timeout");
  EXPECT_EQ(e.message, "connect_timeout: 'abc' is not a whole number of milliseconds");
}

TEST(Invocation, TimeoutsMustBePositive) {
  EXPECT_NE(bad("http://h/r 0").message.find("connect_timeout: '0' must be at least 1"), std::string::npos);
  EXPECT_EQ(bad("http://h/r -5").field, "connect_timeout");
  EXPECT_EQ(bad("http://h/r 3000 0").field, "response_timeout");
}

TEST(Invocation, TimeoutsHaveAnUpperBound) {
  EXPECT_TRUE(parse_invocation("http://h/r 60000 60000").has_value());
  const auto e = bad("http://h/r 3000 60001");
  EXPECT_EQ(e.field, "response_timeout");
  EXPECT_NE(e.message.find("'60001'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("60000 ms"), std::string::npos) << e.message;
  EXPECT_EQ(bad("http://h/r 99999999999999999999").field, "connect_timeout");
}

TEST(Invocation, FractionalOrSuffixedTimeoutsAreRefused) {
  EXPECT_EQ(bad("http://h/r 1.5").field, "connect_timeout");
  EXPECT_EQ(bad("http://h/r 3000ms").field, "connect_timeout");
  EXPECT_EQ(bad("http://h/r 3000 3s").field, "response_timeout");
}

TEST(Invocation, NotifyTypeMustBeZeroOrOne) {
  const auto e = bad("http://h/r 3000 3000 2");
  EXPECT_EQ(e.field, "notify_type");
  EXPECT_NE(e.message.find("notify_type: '2' must be 0"), std::string::npos) << e.message;
  EXPECT_EQ(bad("http://h/r 3000 3000 yes").field, "notify_type");
}

TEST(Invocation, TooManyFields) {
  const auto e = bad("http://h/r 3000 3000 1 extra");
  EXPECT_EQ(e.field, "invocation");
  EXPECT_NE(e.message.find("'extra'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("5 fields"), std::string::npos) << e.message;
}

TEST(RouteSettings, DefaultsWithOnlyUrl) {
  RouteSettings s;
  s.url = "http://h/r";
  auto c = make_route_config(s);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(*c, (RouteConfig{"http://h/r", milliseconds(3000), milliseconds(3000), true, HttpMethod::Get, ""}));
}

TEST(RouteSettings, IntegersStringsAndMethod) {
  RouteSettings s;
  s.url = " https://h/r?x=1 ";
  s.connect_timeout = 500LL;
  s.response_timeout = std::string("1500");
  s.notify_type = 0LL;
  s.method = "post";
  auto c = make_route_config(s);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->url, "https://h/r?x=1");
  EXPECT_EQ(c->connect_timeout, milliseconds(500));
  EXPECT_EQ(c->response_timeout, milliseconds(1500));
  EXPECT_FALSE(c->notify);
  EXPECT_EQ(c->method, HttpMethod::Post);
}

TEST(RouteSettings, EachBadKeyIsNamed) {
  RouteSettings base;
  base.url = "http://h/r";
  {
    RouteSettings s;
    auto e = make_route_config(s);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().field, "url");
  }
  {
    RouteSettings s = base;
    s.connect_timeout = std::string("abc");
    auto e = make_route_config(s);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().message, "connect_timeout: 'abc' is not a whole number of milliseconds");
  }
  {
    RouteSettings s = base;
    s.response_timeout = -1LL;
    auto e = make_route_config(s);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().field, "response_timeout");
  }
  {
    RouteSettings s = base;
    s.notify_type = 7LL;
    auto e = make_route_config(s);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().field, "notify_type");
    EXPECT_NE(e.error().message.find("'7'"), std::string::npos);
  }
  {
    RouteSettings s = base;
    s.method = "PUT";
    auto e = make_route_config(s);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().message, "method: 'PUT' must be GET or POST");
  }
}

TEST(HttpMethodName, Names) {
  EXPECT_EQ(name(HttpMethod::Get), "GET");
  EXPECT_EQ(name(HttpMethod::Post), "POST");
}

}  // namespace
}  // namespace ctib::routing
