#include "engine/app/media_anchor.hpp"

namespace ctib::app {

std::unique_ptr<media::RtpengineAnchor> make_anchor(const config::MediaConfig& cfg, loop::EventLoop& loop,
                                                    spdlog::logger& log) {
  media::AnchorOptions o;
  for (const auto& a : cfg.rtpengine) o.instances.push_back({{a.host, a.port}, a.weight});
  o.ng.timeout = std::chrono::milliseconds(cfg.timeout_ms);
  o.ng.retries = static_cast<int>(cfg.retries);
  o.disable_for = std::chrono::seconds(cfg.disable_seconds);
  o.tone_dir = cfg.tone_dir;
  for (const auto& a : cfg.rtpengine) log.info("media: rtpengine {}:{} weight {}", a.host, a.port, a.weight);
  return std::make_unique<media::RtpengineAnchor>(
      loop, std::move(o), [&log](std::string_view line) { log.warn("media: {}", line); });
}

std::unique_ptr<media::CallRecorder> make_recorder(const config::MediaConfig& cfg, media::RtpengineAnchor& anchor,
                                                   loop::EventLoop& loop, call::CallObserver& next,
                                                   spdlog::logger& log) {
  if (cfg.recordings_dir.empty()) return nullptr;
  media::RecordingOptions o;
  o.recordings_dir = cfg.recordings_dir;
  o.rtpengine_recording_dir = cfg.rtpengine_recording_dir;
  o.wait = std::chrono::milliseconds(cfg.recording_wait_ms);
  log.info("media: recordings to {} from rtpengine's {}", cfg.recordings_dir, cfg.rtpengine_recording_dir);
  return std::make_unique<media::CallRecorder>(
      loop, next, std::move(o),
      [&anchor](const std::string& uuid, std::function<void(std::string)> done) {
        return anchor.start_recording(uuid, std::move(done));
      },
      [&log](const std::string& uuid, std::string_view line) { log.warn("[{}] media: {}", uuid, line); });
}

}  // namespace ctib::app
