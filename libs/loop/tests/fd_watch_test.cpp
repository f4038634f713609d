#include <gtest/gtest.h>
#include <unistd.h>

#include <array>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::loop {
namespace {

using std::chrono::milliseconds;

// A pipe closed by RAII so a failing assertion leaks nothing.
class Pipe {
 public:
  Pipe() {
    if (::pipe(fds_.data()) != 0) fds_ = {-1, -1};
  }
  ~Pipe() {
    close_write();
    if (fds_[0] >= 0) ::close(fds_[0]);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  [[nodiscard]] int read_end() const { return fds_[0]; }
  [[nodiscard]] int write_end() const { return fds_[1]; }
  void close_write() {
    if (fds_[1] >= 0) ::close(fds_[1]);
    fds_[1] = -1;
  }

 private:
  std::array<int, 2> fds_{};
};

class FdWatchTest : public ::testing::Test {
 protected:
  SofiaGlobal sofia_;
  SuRootLoop loop_{sofia_};
  Pipe pipe_;
};

TEST_F(FdWatchTest, ReadableAfterWrite) {
  int calls = 0;
  char got = 0;
  FdWatch watch = loop_.watch_fd(pipe_.read_end(), Interest::Read, [&](Readiness r) {
    EXPECT_TRUE(r.readable);
    ++calls;
    ASSERT_EQ(::read(pipe_.read_end(), &got, 1), 1);
  });
  ASSERT_TRUE(watch.active());
  loop_.step(milliseconds(0));
  EXPECT_EQ(calls, 0);
  ASSERT_EQ(::write(pipe_.write_end(), "x", 1), 1);
  ASSERT_TRUE(loop_.run_until([&] { return calls == 1; }, milliseconds(2000)));
  EXPECT_EQ(got, 'x');
}

TEST_F(FdWatchTest, InterestCanBeChanged) {
  int writable = 0;
  FdWatch watch = loop_.watch_fd(pipe_.write_end(), Interest::Write, [&](Readiness r) {
    if (r.writable) ++writable;
  });
  ASSERT_TRUE(watch.active());
  ASSERT_TRUE(loop_.run_until([&] { return writable > 0; }, milliseconds(2000)));
  watch.set_interest(Interest::None);
  const int before = writable;
  loop_.step(milliseconds(10));
  loop_.step(milliseconds(10));
  EXPECT_EQ(writable, before);
}

TEST_F(FdWatchTest, HangupReportsReadable) {
  bool readable = false;
  FdWatch watch =
      loop_.watch_fd(pipe_.read_end(), Interest::Read, [&](Readiness r) { readable = r.readable; });
  pipe_.close_write();
  ASSERT_TRUE(loop_.run_until([&] { return readable; }, milliseconds(2000)));
}

TEST_F(FdWatchTest, WatchMayBeDestroyedInsideItsOwnCallback) {
  int calls = 0;
  FdWatch watch;
  watch = loop_.watch_fd(pipe_.read_end(), Interest::Read, [&](Readiness) {
    ++calls;
    watch.cancel();  // data stays unread: a live watch would fire again
  });
  ASSERT_EQ(::write(pipe_.write_end(), "x", 1), 1);
  ASSERT_TRUE(loop_.run_until([&] { return calls > 0; }, milliseconds(2000)));
  loop_.step(milliseconds(10));
  loop_.step(milliseconds(10));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(watch.active());
}

TEST_F(FdWatchTest, InvalidDescriptorGivesInactiveWatch) {
  FdWatch watch = loop_.watch_fd(-1, Interest::Read, [](Readiness) {});
  EXPECT_FALSE(watch.active());
}

}  // namespace
}  // namespace ctib::loop
