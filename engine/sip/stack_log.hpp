#pragma once
// Where sofia-sip's own diagnostics go. Left alone, the stack prints them on
// standard error in its own words, at its level 3 by default: every CRLF
// keep-alive a phone sends over UDP became "nta_agent: received garbage from
// udp/<our own address>" every 30 s per phone. FreeSWITCH redirects the same
// logs (mod_sofia's `logger`, `sofia loglevel all N`, default 0); so do we.
//
// StackLog redirects every sofia-sip log object (su_log_default, nta, tport,
// nua, soa, sresolv, ...) to a sink, one complete line per call, and sets
// their level to `level` unless the environment chose one (SOFIA_DEBUG,
// NTA_DEBUG, TPORT_DEBUG, ... still work for a debugging session).
//
// Process-wide state, like su_init(): the composition root owns exactly one,
// built after SofiaGlobal and destroyed before it (the destructor puts the
// stack's own stderr printer back). The sink is called on whichever thread
// sofia logs from (the engine loop: the stacks run on it), under a mutex.

#include <functional>
#include <memory>
#include <string_view>

namespace ctib::sip {

class StackLog {
 public:
  // `module` is sofia's name for the log ("nta", "tport", "nua", ...);
  // `line` has no trailing newline.
  using Sink = std::function<void(std::string_view module, std::string_view line)>;

  // Level 0-9 as sofia counts: 0 fatal, 1 critical, 2 errors, 3 warnings and
  // progress (where "received garbage" is), up to 9 (every message dumped).
  StackLog(Sink sink, unsigned level);
  ~StackLog();
  StackLog(const StackLog&) = delete;
  StackLog& operator=(const StackLog&) = delete;

  // The level StackLog sets by default: errors, not warnings (sofia's level 3
  // logs every unparsable datagram, keep-alives included, naming our own address).
  static constexpr unsigned kDefaultLevel = 2;

  struct State;  // the redirected logs and the partial line of each (stack_log.cpp)

 private:
  std::unique_ptr<State> state_;
};

}  // namespace ctib::sip
