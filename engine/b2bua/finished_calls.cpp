#include "engine/b2bua/finished_calls.hpp"

namespace ctib::b2bua {

void FinishedCalls::add(call::CallView view) {
  if (capacity_ == 0) return;
  if (calls_.size() == capacity_) {
    by_uuid_.erase(calls_.front().uuid);
    calls_.pop_front();
  }
  calls_.push_back(std::move(view));
  call::CallView& stored = calls_.back();
  by_uuid_[stored.uuid] = &stored;
}

call::CallView* FinishedCalls::find(std::string_view uuid) {
  auto it = by_uuid_.find(uuid);
  return it == by_uuid_.end() ? nullptr : it->second;
}

}  // namespace ctib::b2bua
