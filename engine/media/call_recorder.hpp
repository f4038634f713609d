#pragma once
// Records anchored calls that ask for it (docs/media.md "Recording",
// decision 0023). A CallObserver between the call core and the notifier:
// at a recorded call's answer it asks rtpengine to record (ng `start
// recording`); at its hangup it holds the hangup back until the recording
// is a WAV file in `recordings_dir` (or until that failed), then passes the
// record on with the file and its length. Everything else passes straight
// through.
//
// rtpengine writes the call's pcap into its --recording-dir
// (`rtpengine_recording_dir` here, the same directory seen from the engine:
// one host or a shared mount) and finishes its metadata file when the
// recording stops (`stop recording` before the `delete`, or the session's
// end). A worker thread waits for that, bounded by `wait`, mixes the pcap
// into `<recordings_dir>/<uuid>.wav`, and removes the pcap and metadata.
// A recording that cannot be made never fails the call: the hangup then
// goes on without record_file (logged with the call's uuid).
//
// Ownership and threading: owned by the composition root, built after the
// loop, the anchor and `next`, destroyed before them. Its observer methods
// run on the loop; the worker thread only reads and writes files and posts
// its results to the loop. The queue between them is guarded by `mutex_`;
// `held_` (records waiting for their file) is loop-only. Destroying it
// stops the worker and passes every held hangup on without a file.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "engine/call/ports.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::media {

struct RecordingOptions {
  std::filesystem::path rtpengine_recording_dir;  // rtpengine's --recording-dir
  std::filesystem::path recordings_dir;           // where the WAV files go
  std::chrono::milliseconds wait{5000};           // for rtpengine to finish the pcap
  unsigned max_seconds = 12 * 3600;               // a longer recording is cut there
};

// What the worker made of one call's recording.
struct RecordingOutcome {
  std::string file;  // "" = none
  std::chrono::milliseconds length{0};
  std::string error;  // why there is none
};

// Finds the call's finished pcap in the rtpengine directory, writes the WAV
// and removes the pcap and its metadata. Blocking file work: the worker
// thread only. `ready` is false while rtpengine has not finished the file.
struct RecordingStep {
  bool ready = false;
  RecordingOutcome outcome;
};
RecordingStep convert_recording(const RecordingOptions& options, const std::string& uuid);

class CallRecorder final : public call::CallObserver {
 public:
  // Asks the relay to start recording a call; `done` gets "" or the error.
  using StartRecording = std::function<std::unique_ptr<call::Cancellable>(
      const std::string& uuid, std::function<void(std::string error)> done)>;
  using Log = std::function<void(const std::string& uuid, std::string_view line)>;

  CallRecorder(loop::EventLoop& loop, call::CallObserver& next, RecordingOptions options,
               StartRecording start, Log warn);
  ~CallRecorder() override;
  CallRecorder(const CallRecorder&) = delete;
  CallRecorder& operator=(const CallRecorder&) = delete;

  void on_routing(const call::CallRecord& call) override { next_.on_routing(call); }
  void on_progress(const call::CallRecord& call, call::Progress p) override;
  void on_hangup(const call::CallRecord& record) override;

  // Hangups held back for their recording (tests).
  [[nodiscard]] std::size_t held() const noexcept { return held_.size(); }

 private:
  struct Job {
    std::string uuid;
    std::chrono::steady_clock::time_point deadline;
  };
  void work();
  void finished(const std::string& uuid, RecordingOutcome outcome);

  loop::EventLoop& loop_;
  call::CallObserver& next_;
  const RecordingOptions options_;
  StartRecording start_;
  Log warn_;
  std::map<std::string, std::unique_ptr<call::Cancellable>, std::less<>> starting_;  // loop only
  std::map<std::string, call::CallRecord, std::less<>> held_;                        // loop only
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread worker_;
};

}  // namespace ctib::media
