// Profile shutdown. Order matters with Debian's sofia-sip 1.12.11, which
// aborts in nua_dialog_usage_remove when nua_destroy runs while dialogs are
// still being torn down (seen after bursts of malformed input):
//   1. nua_shutdown: the stack ends every dialog (BYE/CANCEL/final responses);
//   2. wait for nua_r_shutdown with a final status (>= 200);
//   3. release the handles legs still hold, then nua_destroy - from a timer,
//      because nua_destroy must not run inside the nua callback.

#include <sofia-sip/su_wait.h>

#include <chrono>
#include <vector>

#include "engine/sip/internal/nua.hpp"
#include "engine/sip/profile.hpp"

namespace ctib::sip {

void ProfileCallbacks::on_finish_timer(su_root_magic_t* /*magic*/, su_timer_t* /*timer*/, su_timer_arg_t* arg) {
  auto* profile = static_cast<Profile*>(arg);
  if (profile->nua_ != nullptr) {
    profile->finish_shutdown();
  }
}

void Profile::shutdown(std::function<void()> done) {
  if (state_ != State::running) {
    return;
  }
  state_ = State::stopping;
  done_ = std::move(done);
  nua_shutdown(nua_);
}

void Profile::on_shutdown_reply(int status) {
  if (status < 200 || shutdown_replied_) {
    return;  // 100/101: still ending dialogs
  }
  shutdown_replied_ = true;
  finish_timer_ = su_timer_create(su_root_task(root_), 0);
  if (finish_timer_ == nullptr || su_timer_set_interval(finish_timer_, &ProfileCallbacks::on_finish_timer, this, 0) != 0) {
    // No timer: the destructor will finish (it checks shutdown_replied_).
    return;
  }
}

void Profile::finish_shutdown() {
  // Legs still holding a handle (e.g. the call core never dropped them): the
  // handle goes now, while the agent still exists, and each leg is told.
  std::vector<Leg*> remaining(legs_.begin(), legs_.end());
  for (Leg* leg : remaining) {
    leg->release_handle();
  }
  // Client requests still in flight are forgotten (their owners learn
  // nothing more, as when they drop a request themselves).
  for (ClientRequest* request : requests_) {
    request->release_handle();
    request->profile_ = nullptr;
  }
  requests_.clear();
  nua_destroy(nua_);
  nua_ = nullptr;
  state_ = State::stopped;
  for (Leg* leg : remaining) {
    if (legs_.count(leg) != 0) {  // an earlier on_terminated may have destroyed it
      legs_.erase(leg);
      leg->profile_ = nullptr;
      leg->terminate(503, "Profile shut down");
    }
  }
  if (done_) {
    auto done = std::move(done_);
    done_ = nullptr;
    done();  // may destroy *this
  }
}

Profile::~Profile() {
  if (nua_ != nullptr) {
    if (state_ == State::running) {
      state_ = State::stopping;
      nua_shutdown(nua_);
    }
    // Bounded: sofia gives up on unresponsive peers itself well before this.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!shutdown_replied_ && std::chrono::steady_clock::now() < deadline) {
      su_root_step(root_, 50);
    }
    done_ = nullptr;
    finish_shutdown();
  }
  if (finish_timer_ != nullptr) {
    su_timer_destroy(finish_timer_);
  }
  for (Leg* leg : legs_) {
    leg->profile_ = nullptr;
  }
  for (ClientRequest* request : requests_) {
    request->profile_ = nullptr;
  }
}

}  // namespace ctib::sip
