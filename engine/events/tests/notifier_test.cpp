#include "engine/events/notifier.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <filesystem>
#include <fstream>

#include "engine/events/tests/spool_dir.hpp"
#include "libs/loop/su_root_loop.hpp"

namespace ctib::events {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A transport that answers on the next loop iteration with a scripted result.
class FakeTransport final : public NotificationTransport {
 public:
  explicit FakeTransport(loop::EventLoop& loop) : loop_(loop) {}
  void send(const routing::HttpRequest& request, std::chrono::milliseconds, std::chrono::milliseconds,
            std::function<void(Delivery)> done) override {
    sent.push_back(request);
    bool ok = failures_left == 0;
    if (!ok) --failures_left;
    loop_.post([done = std::move(done), ok] { done(Delivery{ok, ok ? "" : "HTTP 503"}); });
  }
  loop::EventLoop& loop_;
  int failures_left = 0;
  std::vector<routing::HttpRequest> sent;
};

// A transport that holds every answer until the test releases it.
class HeldTransport final : public NotificationTransport {
 public:
  void send(const routing::HttpRequest& request, std::chrono::milliseconds, std::chrono::milliseconds,
            std::function<void(Delivery)> done) override {
    sent.push_back(request);
    held.push_back(std::move(done));
  }
  void answer(std::size_t i, bool ok) { held.at(i)(Delivery{ok, ok ? "" : "HTTP 503"}); }
  std::vector<routing::HttpRequest> sent;
  std::vector<std::function<void(Delivery)>> held;
};

class NotifierTest : public testing::SpoolDirTest {
 protected:

  call::CallRecord record(const std::string& uuid) {
    call::CallRecord r;
    r.uuid = uuid;
    r.route.url = "http://127.0.0.1:1/route?t=1";
    r.caller_id_number = "13800000000";
    r.destination_number = "95000";
    r.start = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    r.answer = r.start + 5s;
    r.end = r.start + 65s;
    r.cause = causes::HangupCause::NORMAL_CLEARING;
    r.sip_term_status = 200;
    r.dialed = "sofia/gateway/carrier/139";
    r.hangup_by = call::HangupBy::Callee;
    return r;
  }

  loop::SofiaGlobal sofia;
  loop::SuRootLoop loop{sofia};
  spdlog::logger log{"test", std::make_shared<spdlog::sinks::null_sink_mt>()};
  RetryPolicy fast{5ms, 20ms};
};

TEST_F(NotifierTest, HangupIsRetriedUntilDeliveredThenUnspooled) {
  FakeTransport transport(loop);
  transport.failures_left = 3;
  Spool spool(dir);
  Notifier notifier(loop, transport, spool, log, fast);
  notifier.on_hangup(record("u-1"));
  ASSERT_TRUE(loop.run_until([&] { return notifier.pending() == 0; }, 5s));
  EXPECT_EQ(transport.sent.size(), 4u);
  EXPECT_NE(transport.sent[0].url.find("action=hangup"), std::string::npos);
  EXPECT_NE(transport.sent[0].url.find("billsec=60"), std::string::npos);
  EXPECT_EQ(transport.sent[0], transport.sent[3]);
  spool.flush();
  EXPECT_EQ(spooled_files(), 0u);
}

// The admin API's timeline hears every attempt's outcome (engine/app wires it).
TEST_F(NotifierTest, EveryDeliveryAttemptIsReported) {
  FakeTransport transport(loop);
  transport.failures_left = 1;  // the ring fails once; the hangup goes through
  Spool spool(dir);
  Notifier notifier(loop, transport, spool, log, fast);
  std::vector<std::string> reports;
  notifier.on_delivery([&](const std::string& uuid, std::string_view action, int attempt, const Delivery& d) {
    reports.push_back(uuid + " " + std::string(action) + " " + std::to_string(attempt) +
                      (d.ok ? " ok" : " failed"));
  });
  notifier.on_progress(record("u-9"), call::Progress::Ring);
  notifier.on_hangup(record("u-9"));
  ASSERT_TRUE(loop.run_until([&] { return notifier.pending() == 0; }, 5s));
  EXPECT_EQ(reports, (std::vector<std::string>{"u-9 ring 1 failed", "u-9 hangup 1 ok"}));
}

TEST_F(NotifierTest, UndeliveredHangupSurvivesARestart) {
  {
    FakeTransport transport(loop);
    transport.failures_left = 1000;
    Spool spool(dir);
    Notifier notifier(loop, transport, spool, log, fast);
    notifier.on_hangup(record("u-2"));
    loop.run_until([&] { return transport.sent.size() >= 2; }, 5s);
    spool.flush();
    EXPECT_EQ(spooled_files(), 1u);
  }
  // The "engine" restarted: a new spool and notifier over the same directory.
  FakeTransport transport(loop);
  Spool spool(dir);
  Notifier notifier(loop, transport, spool, log, fast);
  notifier.replay();
  EXPECT_EQ(notifier.pending(), 1u);
  ASSERT_TRUE(loop.run_until([&] { return notifier.pending() == 0; }, 5s));
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_NE(transport.sent[0].url.find("uuid=u-2"), std::string::npos);
  spool.flush();
  EXPECT_EQ(spooled_files(), 0u);
}

TEST_F(NotifierTest, NotifyTypeZeroSendsNothing) {
  FakeTransport transport(loop);
  Spool spool(dir);
  Notifier notifier(loop, transport, spool, log, fast);
  auto r = record("u-3");
  r.route.notify = false;
  notifier.on_progress(r, call::Progress::Ring);
  notifier.on_hangup(r);
  loop.step(10ms);
  EXPECT_TRUE(transport.sent.empty());
  EXPECT_EQ(notifier.pending(), 0u);
}

TEST_F(NotifierTest, ProgressIsSentOnceWithItsAction) {
  FakeTransport transport(loop);
  transport.failures_left = 1;
  Spool spool(dir);
  Notifier notifier(loop, transport, spool, log, fast);
  auto r = record("u-4");
  notifier.on_progress(r, call::Progress::Ring);
  notifier.on_progress(r, call::Progress::EarlyMedia);
  notifier.on_progress(r, call::Progress::Answer);
  loop.run_until([] { return false; }, 30ms);
  ASSERT_EQ(transport.sent.size(), 3u);  // the failed ring is not retried
  EXPECT_NE(transport.sent[0].url.find("action=ring"), std::string::npos);
  EXPECT_NE(transport.sent[1].url.find("action=progress"), std::string::npos);
  EXPECT_NE(transport.sent[2].url.find("action=answer"), std::string::npos);
}

// Found by the SIPp suite (sipp.parallel_ring): answer and hangup sent back
// to back on two connections reached the interface as hangup, answer.
TEST_F(NotifierTest, ACallsNotificationsLeaveOneAfterTheOther) {
  HeldTransport transport;
  Spool spool(dir);
  Notifier notifier(loop, transport, spool, log, fast);
  auto a = record("u-a");
  notifier.on_progress(a, call::Progress::Ring);
  notifier.on_progress(a, call::Progress::Answer);
  notifier.on_hangup(a);
  notifier.on_progress(record("u-b"), call::Progress::Ring);  // another call is not held up
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_NE(transport.sent[0].url.find("action=ring"), std::string::npos);
  EXPECT_NE(transport.sent[1].url.find("uuid=u-b"), std::string::npos);
  EXPECT_EQ(notifier.pending(), 1u);  // the hangup is already accounted for (and spooled)

  transport.answer(0, false);  // a failed ring still lets the next one go
  ASSERT_EQ(transport.sent.size(), 3u);
  EXPECT_NE(transport.sent[2].url.find("action=answer"), std::string::npos);
  transport.answer(2, true);
  ASSERT_EQ(transport.sent.size(), 4u);
  EXPECT_NE(transport.sent[3].url.find("action=hangup"), std::string::npos);
  transport.answer(3, true);
  EXPECT_EQ(notifier.pending(), 0u);
}

TEST_F(NotifierTest, CorruptSpoolFileIsMovedAsideNotLost) {
  fs::create_directories(dir);
  std::ofstream(dir / "broken.json") << "{not json";
  FakeTransport transport(loop);
  Spool spool(dir);
  Notifier notifier(loop, transport, spool, log, fast);
  notifier.replay();
  EXPECT_EQ(notifier.pending(), 0u);
  EXPECT_TRUE(fs::exists(dir / "broken.json.bad"));
}

TEST(HangupReport, CarriesEveryField) {
  call::CallRecord r;
  r.uuid = "u";
  r.start = std::chrono::system_clock::time_point(std::chrono::seconds(100));
  r.end = r.start + 7s;
  r.cause = causes::HangupCause::USER_BUSY;
  r.sip_term_status = 486;
  r.hangup_by = call::HangupBy::Callee;
  auto report = to_report(r);
  EXPECT_EQ(report.cause, causes::HangupCause::USER_BUSY);
  EXPECT_EQ(report.sip_term_status, 486);
  EXPECT_FALSE(report.answer);
  EXPECT_EQ(report.hangup_by, routing::HangupBy::Callee);
}

}  // namespace
}  // namespace ctib::events
