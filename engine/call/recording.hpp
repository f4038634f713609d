#pragma once
// Whether an answered call asks to be recorded (docs/media.md "Recording").

#include "engine/variables/variables.hpp"

namespace ctib::call {

// ctib_record (FreeSWITCH truth rules), or FreeSWITCH's
// execute_on_answer=record_session (any arguments: the file name and
// directory are the engine's, one WAV per call uuid).
bool wants_recording(const variables::Variables& caller_vars);

}  // namespace ctib::call
