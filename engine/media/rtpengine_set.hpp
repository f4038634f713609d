#pragma once
// Which rtpengine a call's requests go to, as Kamailio's rtpengine module
// picks from a set: a new call goes to an instance chosen by weight (a hash
// of the call id, so the choice is stable and spread), skipping instances
// marked down; an instance that did not answer is marked down for
// `disable_for` and the call's first offer fails over to the next one. Once
// a call has an instance, every later request of the call goes there (the
// session lives in that rtpengine only).
//
// Pure logic with an injected clock value: no I/O. Loop thread only.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/media/ng_client.hpp"

namespace ctib::media {

struct RtpengineInstance {
  NgEndpoint address;
  unsigned weight = 1;  // 0 = never chosen for new calls (drained)
  friend bool operator==(const RtpengineInstance&, const RtpengineInstance&) = default;
};

class RtpengineSet {
 public:
  RtpengineSet(std::vector<RtpengineInstance> instances, std::chrono::milliseconds disable_for);

  // The instance for a new call, skipping `tried` (indexes already tried for
  // it) and instances down at `now`; nullopt when none is left. When every
  // untried instance is down, the one down longest is tried anyway: a set
  // whose instances all failed once must not refuse calls forever.
  [[nodiscard]] std::optional<std::size_t> pick(std::string_view call_id,
                                                const std::vector<std::size_t>& tried,
                                                std::chrono::milliseconds now) const;
  void mark_down(std::size_t index, std::chrono::milliseconds now);
  void mark_up(std::size_t index) { down_until_.at(index) = std::chrono::milliseconds::min(); }

  [[nodiscard]] const RtpengineInstance& at(std::size_t index) const { return instances_.at(index); }
  [[nodiscard]] std::size_t size() const noexcept { return instances_.size(); }
  [[nodiscard]] bool down(std::size_t index, std::chrono::milliseconds now) const {
    return down_until_.at(index) > now;
  }

 private:
  std::vector<RtpengineInstance> instances_;
  std::vector<std::chrono::milliseconds> down_until_;
  std::chrono::milliseconds disable_for_;
};

}  // namespace ctib::media
