#include "libs/loop/event_loop.hpp"

#include <cassert>

namespace ctib::loop {

void FdWatch::set_interest(Interest interest) {
  assert(impl_ && "set_interest on an inactive FdWatch");
  impl_->set_interest(interest);
}

}  // namespace ctib::loop
