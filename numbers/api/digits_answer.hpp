#pragma once
// The routing answer that asks the engine to collect an AXE extension
// (decision 0026; the engine's play_and_get_digits dial):
//   {"dial":{"type":"play_and_get_digits","min_digits":N,"max_digits":N,
//            "tries":3,"timeout":5000,"digit_timeout":3000,"terminators":"#",
//            "file":"<prompt>","invalid_file":"<prompt>",
//            "var_name":"ctib_extension_<round>","regexp":"^[0-9]+$"}}
// The engine answers with a second routing request for the same uuid
// carrying ctib_extension_<round>=<digits> and read_result.

#include <cstddef>
#include <cstdint>
#include <string>

#include "numbers/model/axe.hpp"

namespace ctib::numbers::api {

// `length`: X's extension length; `round`: 1 for the first prompt, then
// one more per wrong extension (the retry prompt from round 2).
std::string digits_answer_json(const model::AxeSettings& settings, std::size_t length, std::int64_t round);

}  // namespace ctib::numbers::api
