#include "engine/app/shutdown.hpp"

namespace ctib::app {

namespace {
// After the calls are gone, how long pending hangup notifications may hold
// up the exit; what is still undelivered then stays in the spool.
constexpr std::chrono::milliseconds kNotificationFlush{3000};
constexpr std::chrono::milliseconds kTick{50};
}  // namespace

void Shutdown::begin() {
  if (begun_) return;
  begun_ = true;
  started_ = loop_.now();
  switch_.drain();
  log_.info("shutdown: {} calls in progress, grace {} s", switch_.calls(), grace_.count());
  poll();
}

void Shutdown::poll() {
  auto elapsed = loop_.now() - started_;
  if (switch_.calls() > 0) {
    if (!hung_up_ && elapsed >= grace_) {
      hung_up_ = true;
      switch_.hangup_all();
    }
    tick_ = loop_.start_timer(kTick, [this] { poll(); });
    return;
  }
  if (!calls_gone_) calls_gone_ = loop_.now();
  if (notifier_.pending() > 0 && loop_.now() - *calls_gone_ < kNotificationFlush) {
    tick_ = loop_.start_timer(kTick, [this] { poll(); });
    return;
  }
  if (notifier_.pending() > 0) {
    log_.warn("shutdown: {} hangup notifications undelivered; kept in the spool", notifier_.pending());
  }
  stop_profiles();
}

void Shutdown::stop_profiles() {
  if (stopping_) return;
  stopping_ = true;
  // Un-REGISTER first: the profiles carry the REGISTERs.
  gateways_.stop([this] { switch_.shutdown([this] { loop_.stop(); }); });
}

}  // namespace ctib::app
