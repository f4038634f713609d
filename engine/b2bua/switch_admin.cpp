// What the admin API asks of the Switch: views of the calls, uuid_kill, and
// timeline notes from outside the call core. Loop thread only.
#include <algorithm>

#include "engine/b2bua/switch.hpp"
#include "engine/b2bua/switch_internals.hpp"

namespace ctib::b2bua {

Switch::CallList Switch::call_views(std::size_t limit) const {
  // Order pointers, not views (a view is ten strings): then view only the
  // `limit` oldest.
  std::vector<const call::Call*> order;
  order.reserve(calls_.size());
  for (const auto& [uuid, slot] : calls_) order.push_back(slot.call.get());
  const auto older = [](const call::Call* a, const call::Call* b) {
    return a->created_at() != b->created_at() ? a->created_at() < b->created_at() : a->uuid() < b->uuid();
  };
  const std::size_t n = std::min(limit, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(), older);
  CallList out;
  out.total = calls_.size();
  out.calls.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.calls.push_back(order[i]->view(false));
  return out;
}

std::optional<call::CallView> Switch::call_view(std::string_view uuid) {
  if (auto it = calls_.find(std::string(uuid)); it != calls_.end()) return it->second.call->view(true);
  if (const call::CallView* done = finished_calls_.find(uuid)) return *done;
  return std::nullopt;
}

std::size_t Switch::calls_on(std::string_view profile) const {
  return static_cast<std::size_t>(std::count_if(calls_.begin(), calls_.end(), [profile](const auto& entry) {
    return entry.second.call->profile() == profile;
  }));
}

bool Switch::kill(std::string_view uuid, causes::HangupCause cause) {
  auto it = calls_.find(std::string(uuid));
  if (it == calls_.end() || it->second.call->state() == call::Call::State::Done) return false;
  deps_.log.info("[{}] uuid_kill: hanging up with {}", it->first, causes::name(cause));
  it->second.call->hangup(cause);
  return true;
}

void Switch::caller_digit(std::string_view uuid, std::string_view tag, char digit) {
  if (tag != "a") return;
  auto it = calls_.find(std::string(uuid));
  if (it == calls_.end() || it->second.call->state() == call::Call::State::Done) return;
  it->second.call->on_caller_digit(digit);
}

std::string_view Switch::profile_state(std::string_view name) const {
  auto it = profiles_.find(name);
  if (it == profiles_.end()) return "UNKNOWN";
  switch (it->second->state) {
    case ProfileEntry::State::running:
      return "RUNNING";
    case ProfileEntry::State::pending_restart:
      return "PENDING_RESTART";
    case ProfileEntry::State::pending_removal:
      return "PENDING_REMOVAL";
    case ProfileEntry::State::restarting:
      return "RESTARTING";
    case ProfileEntry::State::removing:
      return "REMOVING";
  }
  return "UNKNOWN";
}

void Switch::note(std::string_view uuid, call::TimelineKind kind, std::string detail) {
  if (auto it = calls_.find(std::string(uuid)); it != calls_.end()) {
    it->second.call->note(kind, std::move(detail));
    return;
  }
  call::CallView* done = finished_calls_.find(uuid);
  if (done == nullptr) return;
  const auto at = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now() -
                                                                        done->created_at);
  // The finished call's timeline stays bounded as the live one was.
  if (done->timeline.size() >= call::Timeline::kCapacity) {
    ++done->timeline_dropped;
    done->timeline.back() = call::TimelineEntry{at, kind, std::move(detail)};
  } else {
    done->timeline.push_back(call::TimelineEntry{at, kind, std::move(detail)});
  }
}

}  // namespace ctib::b2bua
