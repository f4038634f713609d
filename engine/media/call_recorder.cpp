#include "engine/media/call_recorder.hpp"

#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#include "engine/media/recording_wav.hpp"

namespace ctib::media {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds kPollEvery{20};

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

// rtpengine 10.5 names the metadata "rtpengine-meta-<call-id>-<random>.txt"
// in metadata/; its first line is the pcap's path; "call end time" is
// written when the recording stops.
RecordingStep convert_recording(const RecordingOptions& options, const std::string& uuid) {
  RecordingStep step;
  const std::string prefix = "rtpengine-meta-" + uuid + "-";
  std::error_code ec;
  fs::path meta_path;
  for (fs::directory_iterator it(options.rtpengine_recording_dir / "metadata", ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) {
      meta_path = it->path();
      break;
    }
  }
  if (meta_path.empty()) return step;
  auto meta = read_file(meta_path);
  if (!meta || meta->find("call end time") == std::string::npos) return step;
  step.ready = true;
  const fs::path pcap_path = meta->substr(0, meta->find('\n'));
  auto pcap = read_file(pcap_path);
  if (!pcap) {
    step.outcome.error = "cannot read rtpengine's pcap " + pcap_path.string();
    return step;
  }
  auto mixed = mix_pcap(*pcap, options.max_seconds);
  if (!mixed) {
    step.outcome.error = "rtpengine's pcap " + pcap_path.string() + ": " + mixed.error();
    return step;
  }
  if (mixed->samples.empty()) {
    step.outcome.error = "rtpengine's pcap has no G.711 audio";
  } else {
    const fs::path wav = options.recordings_dir / (uuid + ".wav");
    const fs::path partial = options.recordings_dir / (uuid + ".wav.part");
    fs::create_directories(options.recordings_dir, ec);
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      out << wav_file(mixed->samples);
      if (!out.flush()) step.outcome.error = "cannot write " + partial.string();
    }
    // Renamed complete, so a reader never sees half a file.
    if (step.outcome.error.empty()) fs::rename(partial, wav, ec);
    if (step.outcome.error.empty() && ec)
      step.outcome.error = "cannot rename to " + wav.string() + ": " + ec.message();
    if (step.outcome.error.empty()) {
      step.outcome.file = fs::absolute(wav, ec).string();
      step.outcome.length = std::chrono::milliseconds(mixed->samples.size() / 8);
    } else {
      fs::remove(partial, ec);
    }
  }
  fs::remove(pcap_path, ec);
  fs::remove(meta_path, ec);
  return step;
}

CallRecorder::CallRecorder(loop::EventLoop& loop, call::CallObserver& next, RecordingOptions options,
                           StartRecording start, Log warn)
    : loop_(loop),
      next_(next),
      options_(std::move(options)),
      start_(std::move(start)),
      warn_(std::move(warn)) {
  worker_ = std::thread([this] { work(); });
}

CallRecorder::~CallRecorder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  *alive_ = false;
  starting_.clear();
  auto held = std::move(held_);
  for (auto& [uuid, record] : held) {
    if (warn_) warn_(uuid, "recording not finished at shutdown: hangup sent without it");
    next_.on_hangup(record);
  }
}

void CallRecorder::on_progress(const call::CallRecord& call, call::Progress p) {
  if (p == call::Progress::Answer && call.record) {
    starting_[call.uuid] = start_(call.uuid, [this, uuid = call.uuid](std::string error) {
      if (!error.empty() && warn_) warn_(uuid, "recording did not start: " + error);
      starting_.erase(uuid);
    });
  }
  next_.on_progress(call, p);
}

void CallRecorder::on_hangup(const call::CallRecord& record) {
  if (auto it = starting_.find(record.uuid); it != starting_.end()) {
    it->second->cancel();
    starting_.erase(it);
  }
  if (!record.record) return next_.on_hangup(record);
  held_.insert_or_assign(record.uuid, record);
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({record.uuid, std::chrono::steady_clock::now() + options_.wait});
  }
  wake_.notify_all();
}

void CallRecorder::finished(const std::string& uuid, RecordingOutcome outcome) {
  auto it = held_.find(uuid);
  if (it == held_.end()) return;
  call::CallRecord record = std::move(it->second);
  held_.erase(it);
  if (outcome.file.empty()) {
    if (warn_) warn_(uuid, "no recording: " + outcome.error);
  } else {
    record.record_file = std::move(outcome.file);
    record.record_ms = outcome.length;
  }
  next_.on_hangup(record);
}

// Each pass looks at every waiting call, so one whose recording never comes
// does not hold the others back; it waits kPollEvery between passes while
// any is waiting, and sleeps otherwise.
void CallRecorder::work() {
  std::vector<Job> waiting;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (waiting.empty()) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      } else {
        wake_.wait_for(lock, kPollEvery, [this] { return stopping_; });
      }
      if (stopping_) return;
      while (!queue_.empty()) {
        waiting.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    for (auto it = waiting.begin(); it != waiting.end();) {
      RecordingStep step = convert_recording(options_, it->uuid);
      if (!step.ready && std::chrono::steady_clock::now() < it->deadline) {
        ++it;
        continue;
      }
      if (!step.ready) step.outcome.error = "rtpengine did not finish the recording in time";
      loop_.post([this, alive = std::weak_ptr<bool>(alive_), uuid = it->uuid,
                  outcome = std::move(step.outcome)]() mutable {
        if (auto a = alive.lock(); a && *a) finished(uuid, std::move(outcome));
      });
      it = waiting.erase(it);
    }
  }
}

}  // namespace ctib::media
