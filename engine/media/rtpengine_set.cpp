#include "engine/media/rtpengine_set.hpp"

#include <algorithm>
#include <functional>

namespace ctib::media {

RtpengineSet::RtpengineSet(std::vector<RtpengineInstance> instances, std::chrono::milliseconds disable_for)
    : instances_(std::move(instances)),
      down_until_(instances_.size(), std::chrono::milliseconds::min()),
      disable_for_(disable_for) {}

void RtpengineSet::mark_down(std::size_t index, std::chrono::milliseconds now) {
  down_until_.at(index) = now + disable_for_;
}

std::optional<std::size_t> RtpengineSet::pick(std::string_view call_id, const std::vector<std::size_t>& tried,
                                              std::chrono::milliseconds now) const {
  auto untried = [&](std::size_t i) { return std::find(tried.begin(), tried.end(), i) == tried.end(); };
  unsigned total = 0;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    if (untried(i) && !down(i, now)) total += instances_[i].weight;
  }
  if (total > 0) {
    unsigned point = static_cast<unsigned>(std::hash<std::string_view>{}(call_id) % total);
    for (std::size_t i = 0; i < instances_.size(); ++i) {
      if (!untried(i) || down(i, now)) continue;
      if (point < instances_[i].weight) return i;
      point -= instances_[i].weight;
    }
  }
  // Everything untried is down (or weight 0): the one down longest.
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    if (!untried(i) || instances_[i].weight == 0) continue;
    if (!best || down_until_[i] < down_until_[*best]) best = i;
  }
  return best;
}

}  // namespace ctib::media
