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

}  // namespace ctib::app
