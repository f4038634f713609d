// StackLog: sofia-sip's su_log objects redirected to a sink, line by line.

#include "engine/sip/stack_log.hpp"

#include <sofia-sip/su_log.h>

#include <array>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

// The module log objects libsofia-sip-ua exports; not every one has a public
// header declaring it (nta_log, tport_log, nua_log are internal).
extern "C" {
extern su_log_t nta_log[];
extern su_log_t tport_log[];
extern su_log_t nua_log[];
extern su_log_t soa_log[];
extern su_log_t sresolv_log[];
extern su_log_t nea_log[];
extern su_log_t iptsec_log[];
extern su_log_t stun_log[];
extern su_log_t nth_client_log[];
extern su_log_t nth_server_log[];
}

namespace ctib::sip {

namespace {

struct Module {
  const char* name;
  su_log_t* log;
};

// The su_log stream pointer of one module: which module, and the shared state.
struct Stream {
  const char* module;
  StackLog::State* state;
  std::string partial;  // sofia may build one line in several calls (message dumps)
};

}  // namespace

struct StackLog::State {
  Sink sink;
  std::mutex mutex;
  std::vector<std::unique_ptr<Stream>> streams;
};

namespace {

const std::array<Module, 11> kModules{{
    {"sofia", su_log_default},
    {"nta", nta_log},
    {"tport", tport_log},
    {"nua", nua_log},
    {"soa", soa_log},
    {"sresolv", sresolv_log},
    {"nea", nea_log},
    {"iptsec", iptsec_log},
    {"stun", stun_log},
    {"nth_client", nth_client_log},
    {"nth_server", nth_server_log},
}};

void on_log(void* stream, const char* fmt, va_list ap) {
  auto* s = static_cast<Stream*>(stream);
  char buf[2048];
  va_list copy;
  va_copy(copy, ap);
  const int n = std::vsnprintf(buf, sizeof buf, fmt, copy);
  va_end(copy);
  if (n < 0) return;
  std::string text(buf,
                   static_cast<std::size_t>(n) < sizeof buf ? static_cast<std::size_t>(n) : sizeof buf - 1);
  std::lock_guard<std::mutex> lock(s->state->mutex);
  s->partial += text;
  std::size_t end = 0;
  while ((end = s->partial.find('\n')) != std::string::npos) {
    std::string line = s->partial.substr(0, end);
    s->partial.erase(0, end + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) s->state->sink(s->module, line);
  }
}

}  // namespace

StackLog::StackLog(Sink sink, unsigned level) : state_(std::make_unique<State>()) {
  state_->sink = std::move(sink);
  for (const Module& m : kModules) {
    state_->streams.push_back(std::make_unique<Stream>(Stream{m.name, state_.get(), {}}));
    su_log_redirect(m.log, &on_log, state_->streams.back().get());
    // "soft": an environment variable (SOFIA_DEBUG, NTA_DEBUG, ...) still wins.
    su_log_soft_set_level(m.log, level);
  }
}

StackLog::~StackLog() {
  // Back to sofia's own stderr printer before the streams go away.
  for (const Module& m : kModules) su_log_redirect(m.log, nullptr, nullptr);
}

}  // namespace ctib::sip
