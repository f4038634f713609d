#pragma once
// Internal to ctib_call: the originate settings one branch runs with, read
// once from its var_event (`<>`/`{}` of the branch) and the A leg
// (freeswitch-semantics §2.0, §2.1, §2.2, §2.3).

#include <chrono>
#include <string>

#include "engine/causes/hangup_cause.hpp"
#include "engine/variables/variables.hpp"

namespace ctib::call {

// fail_on_single_reject (§2.3).
struct SingleReject {
  enum class Mode { Off, Any, Causes };
  Mode mode = Mode::Off;
  std::string causes;  // the list as written, for Mode::Causes

  // Whether a leg that went down with `cause` ends its group.
  [[nodiscard]] bool matches(causes::HangupCause cause) const;
};

struct OriginateOptions {
  // Per `|` group: originate_timeout when > 0, else the A leg's call_timeout
  // (<= 0 or unset: 60 s).
  std::chrono::seconds timelimit{60};
  // progress_timeout when > 0, else none (it defaults to the timelimit).
  std::chrono::seconds progress_timeout{0};
  // False with ignore_early_media=true|ring_ready|consume, bridge_early_media
  // =true, and in enterprise branches: only an answer wins.
  bool early_ok = true;
  bool ignore_ring_ready = false;
  bool continue_on_timeout = false;
  SingleReject single_reject;
};

// Reads the options. `var_event` is the branch's `<>`+`{}`; a variable of
// FreeSWITCH's A-leg whitelist (§1.5) that var_event lacks is taken from the
// A leg; call_timeout is read from the A leg only.
OriginateOptions read_originate_options(const variables::Variables& var_event,
                                        const variables::Variables& caller_vars, bool enterprise);

// The A leg's bridge_answer_timeout (§2.1), 0 = none.
std::chrono::seconds bridge_answer_timeout(const variables::Variables& caller_vars);

// The A leg's ctib_max_duration (ours, docs/protocol.md): seconds an answered
// call may last; 0 = no limit (unset, not a whole number, or <= 0).
std::chrono::seconds max_duration(const variables::Variables& caller_vars);

}  // namespace ctib::call
