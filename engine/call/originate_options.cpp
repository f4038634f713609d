#include "engine/call/originate_options.hpp"

#include <array>

#include "libs/base/text.hpp"

namespace ctib::call {
namespace {

constexpr long long kDefaultTimeoutSeconds = 60;  // SWITCH_DEFAULT_TIMEOUT

// The A-leg variables switch_ivr_originate copies into var_event when it
// lacks them (§1.5); only the ones this engine acts on are listed.
constexpr std::array<std::string_view, 6> kCallerWhitelist{
    "fail_on_single_reject", "ignore_early_media",  "bridge_early_media",
    "originate_continue_on_timeout", "ignore_ring_ready", "progress_timeout",
};

class VarEvent {
 public:
  VarEvent(const variables::Variables& own, const variables::Variables& caller) : own_(own), caller_(caller) {}

  [[nodiscard]] const variables::Variables* source(std::string_view name) const {
    if (own_.contains(name)) return &own_;
    for (auto w : kCallerWhitelist) {
      if (w == name && caller_.contains(name)) return &caller_;
    }
    return nullptr;
  }
  [[nodiscard]] std::string_view get(std::string_view name) const {
    const auto* s = source(name);
    return s ? s->get(name) : std::string_view{};
  }
  [[nodiscard]] bool flag(std::string_view name) const { return base::is_true(get(name)); }
  [[nodiscard]] long long integer(std::string_view name) const {
    const auto* s = source(name);
    return s ? s->integer(name).value_or(0) : 0;
  }

 private:
  const variables::Variables& own_;
  const variables::Variables& caller_;
};

bool ignores_early_media(std::string_view v) {
  return base::is_true(v) || base::iequals(v, "ring_ready") || base::iequals(v, "consume");
}

bool contains_icase(std::string_view haystack, std::string_view needle) {
  if (needle.empty() || needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (base::iequals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

SingleReject read_single_reject(std::string_view value) {
  if (value.empty()) return {};
  if (base::is_true(value)) return {SingleReject::Mode::Any, {}};
  return {SingleReject::Mode::Causes, std::string(value)};
}

}  // namespace

bool SingleReject::matches(causes::HangupCause cause) const {
  switch (mode) {
    case Mode::Off:
      return false;
    case Mode::Any:
      return true;
    case Mode::Causes: {
      // switch_stristr(cause_name, list): the cause name found anywhere in the
      // list text, any case; a leading '!' negates the whole test.
      const bool negate = !causes.empty() && causes.front() == '!';
      return contains_icase(causes, causes::name(cause)) != negate;
    }
  }
  return false;
}

OriginateOptions read_originate_options(const variables::Variables& var_event,
                                        const variables::Variables& caller_vars, bool enterprise) {
  const VarEvent ev(var_event, caller_vars);
  OriginateOptions o;
  long long limit = caller_vars.integer("call_timeout").value_or(kDefaultTimeoutSeconds);
  if (limit <= 0) limit = kDefaultTimeoutSeconds;
  if (const long long t = ev.integer("originate_timeout"); t > 0) limit = t;
  o.timelimit = std::chrono::seconds(limit);
  if (const long long p = ev.integer("progress_timeout"); p > 0) o.progress_timeout = std::chrono::seconds(p);
  o.early_ok = !enterprise && !ignores_early_media(ev.get("ignore_early_media")) &&
               !ev.flag("bridge_early_media");
  o.ignore_ring_ready = ev.flag("ignore_ring_ready");
  o.continue_on_timeout = ev.flag("originate_continue_on_timeout");
  o.single_reject = read_single_reject(ev.get("fail_on_single_reject"));
  return o;
}

std::chrono::seconds bridge_answer_timeout(const variables::Variables& caller_vars) {
  const long long s = caller_vars.integer("bridge_answer_timeout").value_or(0);
  return std::chrono::seconds(s > 0 ? s : 0);
}

std::chrono::seconds max_duration(const variables::Variables& caller_vars) {
  const long long s = caller_vars.integer("ctib_max_duration").value_or(0);
  return std::chrono::seconds(s > 0 ? s : 0);
}

}  // namespace ctib::call
