#include "engine/events/spool.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "engine/events/tests/spool_dir.hpp"

namespace ctib::events {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SpoolTest : public testing::SpoolDirTest {
 protected:

  static SpooledNotification hangup(const std::string& id) {
    SpooledNotification n;
    n.id = id;
    n.request.url = "http://127.0.0.1:1/route?action=hangup&uuid=" + id;
    return n;
  }

  bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 400; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(5ms);
    }
    return done();
  }
};

TEST_F(SpoolTest, ANotificationDeliveredWithinTheDelayNeverTouchesTheDisk) {
  Spool spool(dir, 10s);
  spool.store(hangup("u-1"));
  spool.remove("u-1");
  spool.flush();
  EXPECT_EQ(spooled_files(), 0u);
}

TEST_F(SpoolTest, ANotificationStillUndeliveredAfterTheDelayIsWritten) {
  Spool spool(dir, 20ms);
  spool.store(hangup("u-2"));
  ASSERT_TRUE(eventually([&] { return spooled_files() == 1; }));
  spool.remove("u-2");
  spool.flush();
  EXPECT_EQ(spooled_files(), 0u);
}

TEST_F(SpoolTest, FlushWritesWhatIsWaitingAtOnce) {
  Spool spool(dir, 1h);
  spool.store(hangup("u-3"));
  spool.store(hangup("u-4"));
  spool.flush();
  EXPECT_EQ(spooled_files(), 2u);
  // After the flush, new notifications wait their delay again.
  spool.store(hangup("u-5"));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(spooled_files(), 2u);
}

TEST_F(SpoolTest, StoppingWritesEverythingNotDeliveredAndTheNextRunLoadsIt) {
  {
    Spool spool(dir, 1h);
    spool.store(hangup("u-6"));
    spool.store(hangup("u-7"));
    spool.remove("u-7");
  }
  Spool spool(dir);
  auto loaded = spool.load([](const std::string& bad) { ADD_FAILURE() << bad; });
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].id, "u-6");
  EXPECT_EQ(loaded[0].request.url, "http://127.0.0.1:1/route?action=hangup&uuid=u-6");
}

TEST_F(SpoolTest, OnDiskCountsTheFilesAsTheyAreWrittenAndRemoved) {
  {
    Spool spool(dir, 1h);
    EXPECT_EQ(spool.on_disk(), 0u);
    spool.store(hangup("u-10"));
    spool.store(hangup("u-11"));
    spool.store(hangup("u-12"));
    spool.remove("u-12");  // delivered before it was written: never a file
    spool.flush();
    EXPECT_EQ(spool.on_disk(), 2u);
    spool.remove("u-10");
    spool.flush();
    EXPECT_EQ(spool.on_disk(), 1u);
    EXPECT_EQ(spooled_files(), 1u);
  }
  // The next run counts what it finds.
  Spool spool(dir);
  EXPECT_EQ(spool.load([](const std::string& bad) { ADD_FAILURE() << bad; }).size(), 1u);
  EXPECT_EQ(spool.on_disk(), 1u);
}

TEST_F(SpoolTest, TheKeyIdIsSpooledSoARetryIsSignedAtSendTime) {
  {
    Spool spool(dir, 1h);
    SpooledNotification n = hangup("u-8");
    n.request.key_id = "k2024";
    spool.store(n);
    spool.store(hangup("u-9"));
  }
  Spool spool(dir);
  auto loaded = spool.load([](const std::string& bad) { ADD_FAILURE() << bad; });
  ASSERT_EQ(loaded.size(), 2u);
  for (const auto& n : loaded) EXPECT_EQ(n.request.key_id, n.id == "u-8" ? "k2024" : "") << n.id;
}

}  // namespace
}  // namespace ctib::events
