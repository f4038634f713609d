#pragma once
// The command table: FreeSWITCH's fs_cli names → a Command.

#include <span>
#include <string>
#include <string_view>

#include "cli/command.hpp"
#include "libs/base/expected.hpp"

namespace ctib::cli {

// `words` is everything after the options ("show", "call", "UUID"). The error
// is a usage message (exit status 2).
base::Expected<Command, std::string> parse_command(std::span<const std::string> words);

// One line per command, for --help and usage errors.
std::string command_list();

}  // namespace ctib::cli
