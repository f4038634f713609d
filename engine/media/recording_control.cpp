// ng `start recording` for an anchored call (docs/media.md "Recording").
#include <memory>

#include "engine/media/rtpengine_anchor.hpp"

namespace ctib::media {

namespace {

class RecordingRequest final : public call::Cancellable {
 public:
  void cancel() override {
    request.reset();
    *live = false;
  }
  std::unique_ptr<NgRequest> request;
  std::shared_ptr<bool> live = std::make_shared<bool>(true);  // false once cancelled
};

}  // namespace

std::unique_ptr<call::Cancellable> RtpengineAnchor::start_recording(
    const std::string& call_id, std::function<void(std::string error)> done) {
  auto handle = std::make_unique<RecordingRequest>();
  auto it = instance_of_.find(call_id);
  if (it == instance_of_.end()) {
    // No session (the call's media was never anchored, or is gone already).
    loop_.post([live = std::weak_ptr<bool>(handle->live), done = std::move(done)] {
      if (auto l = live.lock(); l && *l) done("no rtpengine session for this call");
    });
    return handle;
  }
  recording_.insert(call_id);
  handle->request = client_.send(
      set_.at(it->second).address, Dict{{"command", "start recording"}, {"call-id", call_id}},
      [done = std::move(done)](NgOutcome outcome) {
        if (!outcome) return done(outcome.error().detail);
        if (outcome->result != NgResult::ok) {
          return done(outcome->error_reason.empty() ? "rtpengine refused" : outcome->error_reason);
        }
        done("");
      });
  return handle;
}

}  // namespace ctib::media
