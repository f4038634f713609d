#include "engine/call/recording.hpp"

#include <string_view>

namespace ctib::call {

bool wants_recording(const variables::Variables& caller_vars) {
  if (caller_vars.flag("ctib_record")) return true;
  // "record_session", "record_session $${recordings_dir}/x.wav", ...: only
  // the application's name is read.
  std::string_view app = caller_vars.get("execute_on_answer");
  while (!app.empty() && app.front() == ' ') app.remove_prefix(1);
  app = app.substr(0, app.find(' '));
  return app == "record_session";
}

}  // namespace ctib::call
