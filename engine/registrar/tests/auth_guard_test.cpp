#include "engine/registrar/auth_guard.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace ctib::registrar {
namespace {

using std::chrono::seconds;

class AuthGuardTest : public ::testing::Test {
 protected:
  AuthGuardTest()
      : sink_(std::make_shared<spdlog::sinks::ostream_sink_st>(lines_)),
        log_("t", sink_),
        guard_(options(), log_, [this] { return now_; }) {
    log_.set_pattern("%l %v");
    log_.set_level(spdlog::level::info);
  }
  static AuthGuard::Options options() {
    AuthGuard::Options o;
    o.max_failures = 3;
    o.window = seconds(60);
    o.ban = seconds(100);
    o.max_entries = 8;
    return o;
  }
  void fail(int times, const std::string& source, const std::string& user) {
    for (int i = 0; i < times; ++i) guard_.failed(source, user);
  }
  std::size_t count(const std::string& what) const {
    std::string all = lines_.str();
    std::size_t n = 0;
    for (auto at = all.find(what); at != std::string::npos; at = all.find(what, at + 1)) ++n;
    return n;
  }

  std::ostringstream lines_;
  std::shared_ptr<spdlog::sinks::ostream_sink_st> sink_;
  spdlog::logger log_;
  TimePoint now_{seconds(1'700'000'000)};
  AuthGuard guard_;
};

TEST_F(AuthGuardTest, TheThresholdBansTheSourceAndTheBanExpires) {
  fail(2, "10.0.0.9", "1000@example.com");
  EXPECT_FALSE(guard_.refused("10.0.0.9", "1000@example.com"));
  EXPECT_EQ(guard_.bans(), 0U);
  fail(1, "10.0.0.9", "1000@example.com");
  EXPECT_TRUE(guard_.refused("10.0.0.9", "1000@example.com"));
  EXPECT_TRUE(guard_.refused("10.0.0.9", ""));                  // an INVITE without credentials too
  EXPECT_TRUE(guard_.refused("10.0.0.9", "1001@example.com"));  // any user from that source
  EXPECT_EQ(guard_.failures(), 3U);
  EXPECT_EQ(guard_.bans(), 2U);  // the source and the user
  EXPECT_EQ(guard_.banned_now(), 2U);
  EXPECT_EQ(count("warning authentication banned source 10.0.0.9 for 100 s"), 1U);
  EXPECT_EQ(count("warning authentication banned user 1000@example.com"), 1U);

  now_ += seconds(99);
  EXPECT_TRUE(guard_.refused("10.0.0.9", ""));
  now_ += seconds(1);
  EXPECT_FALSE(guard_.refused("10.0.0.9", ""));
  EXPECT_EQ(guard_.banned_now(), 0U);
  EXPECT_EQ(count("info authentication ban of source 10.0.0.9 ended"), 1U);
  EXPECT_FALSE(guard_.refused("10.0.0.9", ""));
  EXPECT_EQ(count("ended"), 1U);  // logged once
  EXPECT_EQ(guard_.refusals(), 4U);
}

TEST_F(AuthGuardTest, FailuresOutsideTheWindowDoNotAddUp) {
  fail(2, "10.0.0.9", "1000@example.com");
  now_ += seconds(60);
  fail(2, "10.0.0.9", "1000@example.com");
  EXPECT_FALSE(guard_.refused("10.0.0.9", "1000@example.com"));
  fail(1, "10.0.0.9", "1000@example.com");
  EXPECT_TRUE(guard_.refused("10.0.0.9", "1000@example.com"));
}

TEST_F(AuthGuardTest, AUserBanRefusesOnlySourcesThatFailed) {
  // A spray: one guess from each of three addresses bans the user.
  fail(1, "10.0.0.1", "1000@example.com");
  fail(1, "10.0.0.2", "1000@example.com");
  fail(1, "10.0.0.3", "1000@example.com");
  EXPECT_EQ(guard_.banned_now(), 1U);
  EXPECT_TRUE(guard_.refused("10.0.0.1", "1000@example.com"));
  EXPECT_TRUE(guard_.refused("10.0.0.3", "1000@example.com"));
  EXPECT_FALSE(guard_.refused("10.0.0.3", "1001@example.com"));  // other users are not banned
  // The real phone, which never failed, still gets its challenge.
  EXPECT_FALSE(guard_.refused("192.0.2.7", "1000@example.com"));
}

TEST_F(AuthGuardTest, ARepeatOffenceDoublesTheBanUpToACap) {
  std::vector<long long> lengths;
  for (int round = 0; round < 6; ++round) {
    const TimePoint start = now_;
    fail(3, "10.0.0.9", "");
    while (guard_.refused("10.0.0.9", "")) now_ += seconds(1);
    lengths.push_back(std::chrono::duration_cast<seconds>(now_ - start).count());
  }
  EXPECT_EQ(lengths, (std::vector<long long>{100, 200, 400, 800, 800, 800}));
  // After a quiet `ban`, a new offence starts again at `ban`.
  now_ += seconds(801);
  fail(3, "10.0.0.9", "");
  now_ += seconds(100);
  EXPECT_FALSE(guard_.refused("10.0.0.9", ""));
}

TEST_F(AuthGuardTest, TheTablesAreBounded) {
  for (int i = 0; i < 1000; ++i)
    guard_.failed("10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256),
                  "u" + std::to_string(i) + "@example.com");
  EXPECT_LE(guard_.entries(), 16U);
  EXPECT_EQ(guard_.failures(), 1000U);
  // The newest entries are the ones kept and still count.
  fail(2, "10.1.3.231", "");
  EXPECT_TRUE(guard_.refused("10.1.3.231", ""));
}

TEST_F(AuthGuardTest, EntriesExpireWhenNothingAboutThemMatters) {
  fail(1, "10.0.0.9", "1000@example.com");
  EXPECT_EQ(guard_.entries(), 2U);
  now_ += seconds(101);
  EXPECT_FALSE(guard_.refused("10.0.0.8", ""));  // any request sweeps
  EXPECT_EQ(guard_.entries(), 0U);
}

TEST_F(AuthGuardTest, ZeroMaxTurnsItOff) {
  AuthGuard::Options o = options();
  o.max_failures = 0;
  AuthGuard off(o, log_, [this] { return now_; });
  for (int i = 0; i < 10; ++i) off.failed("10.0.0.9", "1000@example.com");
  EXPECT_FALSE(off.enabled());
  EXPECT_FALSE(off.refused("10.0.0.9", "1000@example.com"));
  EXPECT_EQ(off.failures(), 0U);
}

}  // namespace
}  // namespace ctib::registrar
