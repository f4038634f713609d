#include "engine/events/spool.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

namespace ctib::events {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("ctib-spool-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static SpooledNotification hangup(const std::string& id) {
    SpooledNotification n;
    n.id = id;
    n.request.url = "http://127.0.0.1:1/route?action=hangup&uuid=" + id;
    return n;
  }

  std::size_t files() {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".json";
    return n;
  }

  bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 400; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(5ms);
    }
    return done();
  }

  fs::path dir;
};

TEST_F(SpoolTest, ANotificationDeliveredWithinTheDelayNeverTouchesTheDisk) {
  Spool spool(dir, 10s);
  spool.store(hangup("u-1"));
  spool.remove("u-1");
  spool.flush();
  EXPECT_EQ(files(), 0u);
}

TEST_F(SpoolTest, ANotificationStillUndeliveredAfterTheDelayIsWritten) {
  Spool spool(dir, 20ms);
  spool.store(hangup("u-2"));
  ASSERT_TRUE(eventually([&] { return files() == 1; }));
  spool.remove("u-2");
  spool.flush();
  EXPECT_EQ(files(), 0u);
}

TEST_F(SpoolTest, FlushWritesWhatIsWaitingAtOnce) {
  Spool spool(dir, 1h);
  spool.store(hangup("u-3"));
  spool.store(hangup("u-4"));
  spool.flush();
  EXPECT_EQ(files(), 2u);
  // After the flush, new notifications wait their delay again.
  spool.store(hangup("u-5"));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(files(), 2u);
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

}  // namespace
}  // namespace ctib::events
