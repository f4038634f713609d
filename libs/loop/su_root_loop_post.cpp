// post(): the one thread-safe entry point. A mutex-guarded queue plus an
// eventfd the loop watches; the loop drains the eventfd before taking the
// queue, so a post racing with the drain is either in this batch or has
// written the eventfd again for the next one.
#include <unistd.h>

#include <cstdint>

#include "libs/loop/su_root_loop.hpp"

namespace ctib::loop {

void SuRootLoop::post(Task task) {
  {
    const std::lock_guard lock(post_mutex_);
    posted_.push_back(std::move(task));
  }
  const std::uint64_t one = 1;
  if (::write(wake_fd_.get(), &one, sizeof one) < 0) {
    // Only EAGAIN, when the counter is saturated: the loop is already due to
    // wake up and will take this task with the rest.
  }
}

void SuRootLoop::run_posted() {
  std::uint64_t count = 0;
  if (::read(wake_fd_.get(), &count, sizeof count) < 0) {
    // EAGAIN: a previous batch already took these tasks; still check the queue.
  }
  std::vector<Task> batch;
  {
    const std::lock_guard lock(post_mutex_);
    batch.swap(posted_);
  }
  for (Task& task : batch) task();
}

}  // namespace ctib::loop
