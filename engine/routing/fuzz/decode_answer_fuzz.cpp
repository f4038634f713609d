// libFuzzer target: decode_answer() must never crash, hang or throw on any
// body, and every decision it returns must turn into a plan (except
// play_and_get_digits, which dials nothing yet).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/routing/decision.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto decision = ctib::routing::decode_answer(body);
  if (decision) {
    const ctib::dialstring::DialPlan plan = ctib::routing::to_plan(*decision);
    const bool digits = std::holds_alternative<ctib::routing::PlayAndGetDigitsDial>(decision->dial);
    if (plan.branches.empty() != digits) __builtin_trap();
    if (const auto* hangup = std::get_if<ctib::routing::HangupDial>(&decision->dial)) {
      const int status = hangup->sip_status();
      if (status < 400 || status > 699) __builtin_trap();
    }
  } else if (decision.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}
