// A whole run with a fake transport: exit statuses, where messages go, and
// that the token never reaches the output.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/run.hpp"

namespace ctib::cli {
namespace {

class FakeTransport final : public Transport {
 public:
  base::Expected<Response, std::string> send(const Endpoint& to, const Request& request) override {
    seen.push_back({to, request});
    if (refuse) return base::unexpected("cannot reach " + to.url + ": Connection refused");
    return answer;
  }
  std::vector<std::pair<Endpoint, Request>> seen;
  Response answer{200, R"({"calls":[],"count":0})"};
  bool refuse = false;
};

struct Outcome {
  Exit exit;
  std::string out;
  std::string err;
};

Outcome run_with(FakeTransport& t, std::vector<std::string> args, Environment env = {}) {
  std::ostringstream out;
  std::ostringstream err;
  Defaults nowhere{"/nonexistent/ctib-test/engine.toml", "/nonexistent/ctib-test/numbers.toml"};
  const Exit e = run(args, env, nowhere, t, out, err);
  return {e, out.str(), err.str()};
}

TEST(CliRunTest, SuccessPrintsTheTable) {
  FakeTransport t;
  auto r = run_with(t, {"--url", "http://h:1", "--token", "s3cret", "show", "calls"});
  EXPECT_EQ(r.exit, Exit::ok);
  EXPECT_NE(r.out.find("0 total."), std::string::npos);
  ASSERT_EQ(t.seen.size(), 1U);
  EXPECT_EQ(t.seen[0].first.url, "http://h:1");
  EXPECT_EQ(t.seen[0].first.token, "s3cret");
  EXPECT_EQ(t.seen[0].second.path, "/v1/calls");
}

TEST(CliRunTest, OptionsMayFollowTheCommand) {
  FakeTransport t;
  auto r = run_with(t, {"show", "calls", "--json"}, {"http://env:2", "tok"});
  EXPECT_EQ(r.exit, Exit::ok);
  EXPECT_EQ(r.out, std::string(R"({"calls":[],"count":0})") + "\n");
  EXPECT_EQ(t.seen.at(0).first.url, "http://env:2");
}

TEST(CliRunTest, ApiErrorIsExitOneWithTheMessageOnStderr) {
  FakeTransport t;
  t.answer = {404, R"({"error":{"message":"no call u-9"}})"};
  auto r = run_with(t, {"--token", "s3cret", "uuid_dump", "u-9"});
  EXPECT_EQ(r.exit, Exit::api_error);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("404 no call u-9"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cret"), std::string::npos);
}

TEST(CliRunTest, UnreadableAnswerIsAnApiError) {
  FakeTransport t;
  t.answer = {200, "<html>"};
  EXPECT_EQ(run_with(t, {"--token", "x", "status"}).exit, Exit::api_error);
}

TEST(CliRunTest, NoConnectionIsExitThree) {
  FakeTransport t;
  t.refuse = true;
  auto r = run_with(t, {"--token", "s3cret", "status"});
  EXPECT_EQ(r.exit, Exit::cannot_connect);
  EXPECT_NE(r.err.find("http://127.0.0.1:8021"), std::string::npos);
  EXPECT_EQ(r.err.find("s3cret"), std::string::npos);
}

TEST(CliRunTest, UsageErrorsAreExitTwoAndSendNothing) {
  FakeTransport t;
  EXPECT_EQ(run_with(t, {"--token", "x"}).exit, Exit::usage);
  EXPECT_EQ(run_with(t, {"--token", "x", "frobnicate"}).exit, Exit::usage);
  EXPECT_EQ(run_with(t, {"--token", "x", "--no-such-option", "status"}).exit, Exit::usage);
  EXPECT_EQ(run_with(t, {"status"}).exit, Exit::usage);  // no token anywhere
  EXPECT_EQ(run_with(t, {"--url", "localhost:8021", "--token", "x", "status"}).exit, Exit::usage);
  EXPECT_TRUE(t.seen.empty());
}

TEST(CliRunTest, HelpListsTheCommandsAndSucceeds) {
  FakeTransport t;
  auto r = run_with(t, {"--help"});
  EXPECT_EQ(r.exit, Exit::ok);
  EXPECT_NE(r.out.find("sofia status profile NAME reg"), std::string::npos);
}

TEST(CliRunTest, SofiaStatusSendsBothRequestsAndJsonMergesThem) {
  FakeTransport t;
  t.answer = {200, R"({"profiles":[],"gateways":[]})"};
  auto r = run_with(t, {"--token", "x", "--json", "sofia", "status"});
  EXPECT_EQ(r.exit, Exit::ok);
  ASSERT_EQ(t.seen.size(), 2U);
  EXPECT_EQ(t.seen[0].second.path, "/v1/profiles");
  EXPECT_EQ(t.seen[1].second.path, "/v1/gateways");
}

TEST(CliErrorMessageTest, PrefersTheContractsMessage) {
  EXPECT_EQ(error_message({401, R"({"error":{"message":"bad token"}})"}), "bad token");
  EXPECT_EQ(error_message({502, " upstream down \n"}), "upstream down");
  EXPECT_EQ(error_message({500, ""}), "HTTP 500");
}

}  // namespace
}  // namespace ctib::cli
