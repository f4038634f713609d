#pragma once
// One builder per command, each in the file of its group (status.cpp,
// calls.cpp, kill.cpp, sofia.cpp, control.cpp, metrics.cpp, numbers.cpp).
// `args` are the words after the command's own name; the error is a usage
// message. Private to the cli library: commands.cpp is their only caller.

#include <span>
#include <string>

#include "cli/command.hpp"
#include "libs/base/expected.hpp"

namespace ctib::cli {

using Args = std::span<const std::string>;
using Built = base::Expected<Command, std::string>;

Built status_command(Args args);
Built show_calls_command(Args args);
Built show_call_command(Args args);
Built uuid_kill_command(Args args);
Built sofia_status_command(Args args);
Built sofia_gateway_command(Args args);
Built sofia_profile_command(Args args);
Built reload_command(Args args);
Built pause_command(Args args);
Built resume_command(Args args);
Built drain_command(Args args);
Built metrics_command(Args args);
Built numbers_status_command(Args args);

// Renderers, exposed for the rendering tests.
base::Expected<std::string, std::string> render_status(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_calls(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_call(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_kill(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_sofia_status(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_gateways(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_gateway(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_registrations(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_reload(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_switch_state(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_metrics(std::span<const std::string> bodies);
base::Expected<std::string, std::string> render_numbers_status(std::span<const std::string> bodies);

}  // namespace ctib::cli

namespace ctib::cli {

// The usage error for words after a command that takes at most `max` of them.
inline std::string too_many_words(Args args, std::size_t max) {
  return "unexpected \"" + args[max] + "\"";
}

}  // namespace ctib::cli
