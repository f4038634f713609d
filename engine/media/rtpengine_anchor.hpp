#pragma once
// The call core's MediaPort on rtpengine (docs/media.md): each offer/answer
// step becomes an ng `offer` or `answer`, a finished call an ng `delete`,
// sent with the NgClient to the instance of the RtpengineSet that holds the
// call's session.
//
// Ownership and threading: owned by the composition root (engine/app main),
// built after the loop and before the Switch, destroyed after it; loop thread
// only. It owns the NgClient, the set, the map call id → instance, and the
// `delete` requests in flight (abandoned when it is destroyed: rtpengine
// then ends those sessions on its own timeouts). An exchange handle must not
// outlive it (calls are destroyed before it).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/call/ports.hpp"
#include "engine/media/ng_client.hpp"
#include "engine/media/rtpengine_set.hpp"
#include "engine/media/tone_files.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::media {

struct AnchorOptions {
  std::vector<RtpengineInstance> instances;
  NgClient::Options ng;
  // How long an instance that did not answer is skipped for new calls.
  std::chrono::milliseconds disable_for{10000};
  // Where tone_stream:// prompts are rendered to WAV files ([media] tone-dir).
  std::string tone_dir = "/var/tmp/ctibridge-tones";
};

// The ng dictionary for one step (exposed for the unit tests).
Dict ng_command(const call::MediaStep& step);

class RtpengineAnchor final : public call::MediaPort {
 public:
  using Log = std::function<void(std::string_view)>;
  RtpengineAnchor(loop::EventLoop& loop, AnchorOptions options, Log warn);
  ~RtpengineAnchor() override;
  RtpengineAnchor(const RtpengineAnchor&) = delete;
  RtpengineAnchor& operator=(const RtpengineAnchor&) = delete;

  std::unique_ptr<call::Cancellable> exchange(const call::MediaStep& step,
                                              std::function<void(call::MediaResult)> done) override;
  void release(const std::string& call_id) override;
  std::unique_ptr<call::Cancellable> activity(const std::string& call_id,
                                              std::function<void(call::ActivityResult)> done) override;

  // Recording (docs/media.md "Recording"; recording_control.cpp): ng
  // `start recording` on the instance that holds the call's session. `done`
  // gets "" on success or what went wrong, later on the loop, unless the
  // handle is cancelled. A recorded call's release() sends `stop recording`
  // before its `delete`, so rtpengine closes the pcap even when it keeps
  // deleted sessions (--delete-delay).
  std::unique_ptr<call::Cancellable> start_recording(const std::string& call_id,
                                                     std::function<void(std::string error)> done);
  std::unique_ptr<call::Cancellable> play(const std::string& call_id, const std::string& tag,
                                          const std::string& file,
                                          std::function<void(call::PlayResult)> done) override;
  void stop_playing(const std::string& call_id, const std::string& tag) override;

  // Calls with a session on some instance (tests, metrics).
  [[nodiscard]] std::size_t sessions() const noexcept { return instance_of_.size(); }
  [[nodiscard]] std::size_t deletes_in_flight() const noexcept { return deletes_.size(); }

 private:
  class Exchange;
  friend class Exchange;

  loop::EventLoop& loop_;
  NgClient client_;
  RtpengineSet set_;
  Log warn_;
  ToneFiles tones_;
  std::map<std::string, std::size_t, std::less<>> instance_of_;
  std::set<std::string, std::less<>> recording_;  // calls asked to record
  std::uint64_t next_delete_ = 0;
  // `delete` and `stop media` requests in flight (fire and forget).
  std::map<std::uint64_t, std::unique_ptr<NgRequest>> deletes_;
  void fire_and_forget(std::size_t index, const std::string& call_id, Dict command);
};

}  // namespace ctib::media
