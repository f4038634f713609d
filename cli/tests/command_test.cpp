// Words → (service, method, path, body): the whole command table.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace ctib::cli {
namespace {

Command parsed(std::vector<std::string> words) {
  auto c = parse_command(words);
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error());
  return c ? *c : Command{};
}

std::string usage_error(std::vector<std::string> words) {
  auto c = parse_command(words);
  EXPECT_FALSE(c.has_value());
  return c ? "" : c.error();
}

Request get(std::string path) { return {Method::get, std::move(path), ""}; }
Request post(std::string path, std::string body = "") { return {Method::post, std::move(path), std::move(body)}; }

TEST(CliCommandTest, EveryFreeSwitchNameMapsToItsRoute) {
  struct Case {
    std::vector<std::string> words;
    std::vector<Request> requests;
  };
  const std::vector<Case> cases{
      {{"status"}, {get("/v1/status")}},
      {{"show", "calls"}, {get("/v1/calls")}},
      {{"show", "calls", "limit", "20"}, {get("/v1/calls?limit=20")}},
      {{"show", "call", "a1b2"}, {get("/v1/calls/a1b2")}},
      {{"uuid_dump", "a1b2"}, {get("/v1/calls/a1b2")}},
      {{"uuid_kill", "a1b2"}, {post("/v1/calls/a1b2/kill")}},
      {{"uuid_kill", "a1b2", "USER_BUSY"}, {post("/v1/calls/a1b2/kill", R"({"cause":"USER_BUSY"})")}},
      {{"uuid_kill", "a1b2", "17"}, {post("/v1/calls/a1b2/kill", R"({"cause":"17"})")}},
      {{"sofia", "status"}, {get("/v1/profiles"), get("/v1/gateways")}},
      {{"sofia", "status", "gateway"}, {get("/v1/gateways")}},
      {{"sofia", "status", "gateway", "carrier1"}, {get("/v1/gateways/carrier1")}},
      {{"sofia", "status", "profile", "internal", "reg"}, {get("/v1/profiles/internal/registrations")}},
      {{"reload"}, {post("/v1/reload")}},
      {{"reloadxml"}, {post("/v1/reload")}},
      {{"fsctl", "pause"}, {post("/v1/pause")}},
      {{"pause"}, {post("/v1/pause")}},
      {{"fsctl", "resume"}, {post("/v1/resume")}},
      {{"resume"}, {post("/v1/resume")}},
      {{"drain"}, {post("/v1/drain")}},
      {{"metrics"}, {get("/metrics")}},
      {{"numbers", "status"}, {get("/v1/status")}},
  };
  for (const auto& c : cases) {
    const Command command = parsed(c.words);
    EXPECT_EQ(command.requests, c.requests) << c.words.front() << " " << c.words.size();
    EXPECT_NE(command.render, nullptr);
  }
}

TEST(CliCommandTest, OnlyNumbersStatusAsksTheNumbersService) {
  EXPECT_EQ(parsed({"numbers", "status"}).service, Service::numbers);
  EXPECT_EQ(parsed({"status"}).service, Service::engine);
  EXPECT_EQ(parsed({"sofia", "status"}).service, Service::engine);
}

TEST(CliCommandTest, MetricsIsPrintedAsTextEvenWithJson) {
  EXPECT_FALSE(parsed({"metrics"}).json_answer);
  EXPECT_TRUE(parsed({"status"}).json_answer);
}

TEST(CliCommandTest, NamesAreEncodedSoTheyCannotChangeTheRoute) {
  EXPECT_EQ(parsed({"uuid_dump", "../status"}).requests.front().path, "/v1/calls/..%2Fstatus");
  EXPECT_EQ(parsed({"sofia", "status", "gateway", "a b?x=1"}).requests.front().path, "/v1/gateways/a%20b%3Fx%3D1");
  EXPECT_EQ(path_segment("\xe4\xb8\xad"), "%E4%B8%AD");
}

TEST(CliCommandTest, UsageErrorsSayWhatIsWrong) {
  EXPECT_NE(usage_error({}).find("no command"), std::string::npos);
  EXPECT_NE(usage_error({"bogus"}).find("unknown command \"bogus\""), std::string::npos);
  EXPECT_NE(usage_error({"show"}).find("unknown command"), std::string::npos);
  EXPECT_NE(usage_error({"show", "call"}).find("UUID is needed"), std::string::npos);
  EXPECT_NE(usage_error({"uuid_kill"}).find("usage: ctib uuid_kill UUID [CAUSE]"), std::string::npos);
  EXPECT_NE(usage_error({"uuid_kill", "a", "b", "c"}).find("unexpected \"c\""), std::string::npos);
  EXPECT_NE(usage_error({"status", "now"}).find("unexpected \"now\""), std::string::npos);
  EXPECT_NE(usage_error({"sofia", "status", "profile", "internal"}).find("reg"), std::string::npos);
  EXPECT_NE(usage_error({"sofia", "status", "profile", "internal", "flush"}).find("reg"), std::string::npos);
  EXPECT_NE(usage_error({"fsctl", "shutdown"}).find("unknown command"), std::string::npos);
  EXPECT_NE(usage_error({"show", "calls", "all"}).find("unexpected \"all\""), std::string::npos);
  EXPECT_NE(usage_error({"show", "calls", "limit"}).find("needs a number"), std::string::npos);
  EXPECT_NE(usage_error({"show", "calls", "limit", "0"}).find("from 1 to 100000"), std::string::npos);
  EXPECT_NE(usage_error({"show", "calls", "limit", "1e3"}).find("not \"1e3\""), std::string::npos);
  EXPECT_NE(usage_error({"show", "calls", "limit", "5", "x"}).find("unexpected \"x\""), std::string::npos);
}

TEST(CliCommandTest, JsonOfTwoAnswersIsOneObjectWithBoth) {
  const std::vector<std::string> bodies{R"({"profiles":[{"name":"internal"}]})", R"({"gateways":[]})"};
  auto merged = json_output(bodies);
  ASSERT_TRUE(merged.has_value());
  EXPECT_EQ(*merged, R"({"profiles":[{"name":"internal"}],"gateways":[]})");
  const std::vector<std::string> one{" {\"a\":1} "};
  EXPECT_EQ(*json_output(one), " {\"a\":1} ");  // unchanged, byte for byte
}

}  // namespace
}  // namespace ctib::cli
