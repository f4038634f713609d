#include "engine/digits/collector.hpp"

#include <gtest/gtest.h>

namespace ctib::digits {
namespace {

using namespace std::chrono_literals;
using Kind = Step::Kind;

PlayAndGetDigits prompt(std::size_t min, std::size_t max, int tries = 1) {
  PlayAndGetDigits p;
  p.min_digits = min;
  p.max_digits = max;
  p.tries = tries;
  p.timeout = 5000ms;
  p.digit_timeout = 3000ms;
  p.file = "/p.wav";
  return p;
}

// Plays the prompt to the end and returns the Step after it.
Step started(Collector& c) {
  EXPECT_EQ(c.start().kind, Kind::play);
  return c.played();
}

TEST(Collector, PlaysThePromptThenWaitsTimeoutForTheFirstDigit) {
  Collector c(prompt(1, 4));
  const Step play = c.start();
  EXPECT_EQ(play.kind, Kind::play);
  EXPECT_EQ(play.file, "/p.wav");
  const Step wait = c.played();
  EXPECT_EQ(wait.kind, Kind::wait);
  EXPECT_EQ(wait.wait, 5000ms);
  const Step next = c.digit('1');
  EXPECT_EQ(next.kind, Kind::wait);
  EXPECT_EQ(next.wait, 3000ms);  // digit_timeout between digits
}

TEST(Collector, TerminatorEndsTheTryAndIsNotADigit) {
  Collector c(prompt(1, 4));
  started(c);
  c.digit('1');
  c.digit('2');
  const Step done = c.digit('#');
  EXPECT_EQ(done.kind, Kind::done);
  EXPECT_EQ(done.outcome.digits, "12");
  EXPECT_EQ(done.outcome.result, ReadResult::success);
}

TEST(Collector, MaxDigitsEndsTheTry) {
  Collector c(prompt(1, 3));
  started(c);
  c.digit('4');
  c.digit('5');
  const Step done = c.digit('6');
  EXPECT_EQ(done.kind, Kind::done);
  EXPECT_EQ(done.outcome.digits, "456");
  EXPECT_EQ(c.digit('7').kind, Kind::nothing);
}

TEST(Collector, InterDigitTimeoutEndsTheTry) {
  Collector c(prompt(1, 4));
  started(c);
  c.digit('9');
  const Step done = c.timer_fired();
  EXPECT_EQ(done.kind, Kind::done);
  EXPECT_EQ(done.outcome.digits, "9");
  EXPECT_EQ(done.outcome.result, ReadResult::success);
}

TEST(Collector, NoInputInEveryTryIsTimeout) {
  Collector c(prompt(1, 4, 2));
  started(c);
  const Step again = c.timer_fired();
  EXPECT_EQ(again.kind, Kind::play);
  EXPECT_EQ(again.file, "/p.wav");
  EXPECT_EQ(c.played().kind, Kind::wait);
  const Step done = c.timer_fired();
  EXPECT_EQ(done.kind, Kind::done);
  EXPECT_EQ(done.outcome.result, ReadResult::timeout);
  EXPECT_EQ(done.outcome.digits, "");
  EXPECT_EQ(c.tries_used(), 2);
}

TEST(Collector, InvalidInputReplaysInvalidFileThenFileAndEndsInFailure) {
  auto p = prompt(2, 4, 2);
  p.invalid_file = "/invalid.wav";
  Collector c(p);
  started(c);
  c.digit('1');
  const Step invalid = c.digit('#');  // one digit, min 2
  EXPECT_EQ(invalid.kind, Kind::play);
  EXPECT_EQ(invalid.file, "/invalid.wav");
  const Step again = c.played();
  EXPECT_EQ(again.kind, Kind::play);
  EXPECT_EQ(again.file, "/p.wav");
  EXPECT_EQ(c.played().kind, Kind::wait);
  const Step done = c.timer_fired();  // nothing in the last try
  EXPECT_EQ(done.kind, Kind::done);
  EXPECT_EQ(done.outcome.result, ReadResult::failure);  // something was entered once
}

TEST(Collector, RegexpMustMatchTheWholeInput) {
  auto p = prompt(1, 4, 2);
  p.regexp = "1[0-9]";
  Collector c(p);
  started(c);
  c.digit('2');
  c.digit('1');
  EXPECT_EQ(c.digit('#').kind, Kind::play);  // "21" does not match
  c.played();
  c.digit('1');
  c.digit('2');
  const Step done = c.digit('#');
  EXPECT_EQ(done.kind, Kind::done);
  EXPECT_EQ(done.outcome.digits, "12");
  EXPECT_EQ(done.outcome.result, ReadResult::success);
}

TEST(Collector, ADigitDuringThePromptStopsItAndCounts) {
  Collector c(prompt(1, 2));
  c.start();
  const Step barge = c.digit('7');
  EXPECT_EQ(barge.kind, Kind::stop);
  EXPECT_EQ(barge.wait, 3000ms);
  EXPECT_EQ(c.played().kind, Kind::nothing);  // the stopped prompt's end changes nothing
  const Step done = c.digit('8');
  EXPECT_EQ(done.outcome.digits, "78");
}

TEST(Collector, AStaleTimerOrPlayedEventChangesNothing) {
  Collector c(prompt(1, 4));
  EXPECT_EQ(c.timer_fired().kind, Kind::nothing);
  c.start();
  EXPECT_EQ(c.timer_fired().kind, Kind::nothing);  // the prompt still plays
}

TEST(Collector, MinDigitsZeroAcceptsAnEmptyAnswer) {
  Collector c(prompt(0, 4));
  started(c);
  const Step done = c.timer_fired();
  EXPECT_EQ(done.kind, Kind::done);
  EXPECT_EQ(done.outcome.result, ReadResult::success);
}

}  // namespace
}  // namespace ctib::digits
