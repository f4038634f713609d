#include "libs/logging/formatter.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libs/logging/call_log.hpp"
#include "libs/logging/logger.hpp"

namespace ctib::logging {
namespace {

class LoggerFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("ctib-logging-test-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".log");
    std::filesystem::remove(path_);
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::shared_ptr<spdlog::logger> logger(Format format, std::string level = "info") {
    Settings s;
    s.file = path_.string();
    s.format = format;
    s.level = std::move(level);
    return make_logger({"ctib-test", "[%l] %v"}, s);
  }

  std::vector<std::string> lines() const {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  std::filesystem::path path_;
};

TEST_F(LoggerFile, JsonLinesParseWithEveryField) {
  auto log = logger(Format::json);
  call_log(*log, spdlog::level::info, "5f0e8400-e29b-41d4-a716-446655440000", "INVITE {} -> {}", "13800138077",
           "17100000077");
  log->warn("bad answer: \"quoted\" \\ \x1b[2J\r\nforged line \xff");
  log->info("[not a uuid!] text");
  const auto got = lines();
  ASSERT_EQ(got.size(), 3u);
  std::vector<nlohmann::json> objects;
  for (const auto& line : got) objects.push_back(nlohmann::json::parse(line));

  EXPECT_EQ(objects[0]["level"], "info");
  EXPECT_EQ(objects[0]["program"], "ctib-test");
  EXPECT_EQ(objects[0]["uuid"], "5f0e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(objects[0]["msg"], "INVITE 138****8077 -> 171****0077");
  const std::string ts = objects[0]["ts"];
  EXPECT_EQ(ts.size(), std::string("2024-05-01T08:00:00.123Z").size()) << ts;
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts[19], '.');
  EXPECT_EQ(ts.back(), 'Z');

  EXPECT_EQ(objects[1]["level"], "warning");
  EXPECT_FALSE(objects[1].contains("uuid"));
  EXPECT_EQ(objects[1]["msg"], "bad answer: \"quoted\" \\ \\x1b[2J\\x0d\\x0aforged line \\xff");

  EXPECT_FALSE(objects[2].contains("uuid"));
  EXPECT_EQ(objects[2]["msg"], "[not a uuid!] text");
}

TEST_F(LoggerFile, TextKeepsThePatternAndScrubs) {
  auto log = logger(Format::text);
  call_log(*log, spdlog::level::warn, "u-1", "routing via {} failed: {}", "http://h/r?secret=hunter2",
           "body \x1b]0;pwned\x07");
  const auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "[warning] [u-1] routing via http://h/r?secret=*** failed: body \\x1b]0;pwned\\x07");
}

TEST_F(LoggerFile, NumbersShowAtDebugAndSecretsNever) {
  auto log = logger(Format::text, "debug");
  log->info("from 13800138077 via http://h/r?secret=hunter2");
  log->set_level(spdlog::level::info);
  log->info("from 13800138077");
  const auto got = lines();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "[info] from 13800138077 via http://h/r?secret=***");
  EXPECT_EQ(got[1], "[info] from 138****8077");
}

TEST_F(LoggerFile, MaskNumbersOffShowsThem) {
  Settings s;
  s.file = path_.string();
  s.mask_numbers = false;
  auto log = make_logger({"ctib-test", "%v"}, s);
  log->info("from 13800138077");
  EXPECT_EQ(lines(), std::vector<std::string>{"from 13800138077"});
}

TEST(SplitCallLine, OnlyAUuidShapedPrefix) {
  EXPECT_EQ(split_call_line("[abc-1] x").uuid, "abc-1");
  EXPECT_EQ(split_call_line("[abc-1] x").rest, "x");
  EXPECT_EQ(split_call_line("[abc-1]x").uuid, "");
  EXPECT_EQ(split_call_line("[] x").uuid, "");
  EXPECT_EQ(split_call_line("[a b] x").uuid, "");
  EXPECT_EQ(split_call_line("plain").rest, "plain");
}

}  // namespace
}  // namespace ctib::logging
