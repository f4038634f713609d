#pragma once
// Builds the rtpengine client from the [media] section (docs/media.md).

#include <spdlog/spdlog.h>

#include <memory>

#include "engine/config/config.hpp"
#include "engine/call/ports.hpp"
#include "engine/media/call_recorder.hpp"
#include "engine/media/rtpengine_anchor.hpp"
#include "libs/loop/event_loop.hpp"

namespace ctib::app {

// The anchor logs through `log`, which must outlive it.
std::unique_ptr<media::RtpengineAnchor> make_anchor(const config::MediaConfig& cfg, loop::EventLoop& loop,
                                                    spdlog::logger& log);

// The recorder when [media] configures recording (docs/media.md
// "Recording"), else null. It passes reports on to `next`; `anchor` and
// `log` must outlive it.
std::unique_ptr<media::CallRecorder> make_recorder(const config::MediaConfig& cfg, media::RtpengineAnchor& anchor,
                                                   loop::EventLoop& loop, call::CallObserver& next,
                                                   spdlog::logger& log);

}  // namespace ctib::app
