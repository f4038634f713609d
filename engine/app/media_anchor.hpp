#pragma once
// Builds the rtpengine client from the [media] section (docs/media.md).

#include <spdlog/spdlog.h>

#include <memory>

#include "engine/config/config.hpp"
#include "engine/media/rtpengine_anchor.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::app {

// The anchor logs through `log`, which must outlive it.
std::unique_ptr<media::RtpengineAnchor> make_anchor(const config::MediaConfig& cfg, loop::EventLoop& loop,
                                                    spdlog::logger& log);

}  // namespace ctib::app
