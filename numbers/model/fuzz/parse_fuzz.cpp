// libFuzzer target for the edge parsers of the numbers service: phone-number
// normalisation, RFC 3339 times and the AXE digits variable's name. Invariants: no crash; a normalised
// number is canonical (normalising it again gives itself); a parsed time
// formats and parses back to the same instant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "numbers/model/axe.hpp"
#include "numbers/model/phone.hpp"
#include "numbers/model/time_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ctib::numbers::model::NumberPlan plan;
  if (auto canonical = ctib::numbers::model::normalise_number(text, plan)) {
    auto again = ctib::numbers::model::normalise_number(*canonical, plan);
    if (!again || *again != *canonical) std::abort();
  }
  if (auto t = ctib::numbers::model::parse_time(text)) {
    if (ctib::numbers::model::to_epoch(*t) >= 0 && ctib::numbers::model::to_epoch(*t) < 253'402'300'800) {
      if (ctib::numbers::model::parse_time(ctib::numbers::model::format_time(*t)) != t) std::abort();
    }
  }
  // A round read from a name is one we could have given, and names it back.
  if (auto round = ctib::numbers::model::extension_round(text)) {
    if (*round < 1 || *round > ctib::numbers::model::kMaxDigitRounds) std::abort();
    if (ctib::numbers::model::extension_variable(*round) != text) std::abort();
  }
  return 0;
}
