// File descriptor watches: one su_root registration per watch.
#include <cassert>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::loop {

namespace {

int to_su_events(Interest interest) {
  const auto bits = static_cast<unsigned>(interest);
  int events = 0;
  if (bits & static_cast<unsigned>(Interest::Read)) events |= SU_WAIT_IN;
  if (bits & static_cast<unsigned>(Interest::Write)) events |= SU_WAIT_OUT;
  return events;
}

}  // namespace

class SuRootLoop::WatchImpl final : public FdWatch::Impl {
 public:
  WatchImpl(SuRootLoop& loop, int fd, FdCallback on_ready)
      : loop_(loop), fd_(fd), on_ready_(std::make_shared<FdCallback>(std::move(on_ready))) {
    ++loop_.live_handles_;
  }

  ~WatchImpl() override {
    // su_root_deregister also destroys the root's copy of the su_wait_t.
    if (index_ > 0) su_root_deregister(loop_.root(), index_);
    --loop_.live_handles_;
  }

  WatchImpl(const WatchImpl&) = delete;
  WatchImpl& operator=(const WatchImpl&) = delete;

  bool start(Interest interest) {
    su_wait_t wait[1] = {SU_WAIT_INIT};
    if (su_wait_create(wait, fd_, to_su_events(interest)) < 0) return false;
    index_ = su_root_register(loop_.root(), wait, &WatchImpl::on_wakeup, this, 0);
    if (index_ <= 0) {
      su_wait_destroy(wait);
      return false;
    }
    return true;
  }

  void set_interest(Interest interest) override {
    [[maybe_unused]] const int rc = su_root_eventmask(loop_.root(), index_, fd_, to_su_events(interest));
    assert(rc == 0 && "su_root_eventmask on a registered fd");
  }

 private:
  static int on_wakeup(su_root_magic_t*, su_wait_t* wait, su_wakeup_arg_t* arg) noexcept {
    auto* self = static_cast<WatchImpl*>(arg);
    const int revents = su_wait_events(wait, self->fd_);
    const Readiness ready{(revents & (SU_WAIT_IN | SU_WAIT_HUP)) != 0, (revents & SU_WAIT_OUT) != 0,
                          (revents & SU_WAIT_ERR) != 0};
    // The callback may destroy this watch (curl does, on CURL_POLL_REMOVE);
    // the extra reference keeps the running std::function alive until it
    // returns, and nothing touches `self` afterwards. sofia's epoll port
    // notices the deregistration and stops dispatching the batch.
    const std::shared_ptr<FdCallback> keep = self->on_ready_;
    (*keep)(ready);
    return 0;
  }

  SuRootLoop& loop_;
  int fd_;
  int index_ = 0;
  std::shared_ptr<FdCallback> on_ready_;
};

FdWatch SuRootLoop::watch_fd(int fd, Interest interest, FdCallback on_ready) {
  auto impl = std::make_unique<WatchImpl>(*this, fd, std::move(on_ready));
  if (!impl->start(interest)) return FdWatch{};
  return FdWatch(std::move(impl));
}

}  // namespace ctib::loop
