#pragma once
// One `ctib` run: options and words → endpoint and command → requests →
// printed answer → exit status. The transport and the streams come in, so the
// whole run is testable without a network.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/address.hpp"
#include "cli/transport.hpp"

namespace ctib::cli {

// docs/admin-api.md "ctib".
enum class Exit : int { ok = 0, api_error = 1, usage = 2, cannot_connect = 3 };

struct Environment {
  std::optional<std::string> admin_url;    // CTIB_ADMIN_URL
  std::optional<std::string> admin_token;  // CTIB_ADMIN_TOKEN
};

// `args` excludes the program name.
Exit run(const std::vector<std::string>& args, const Environment& env, const Defaults& defaults,
         Transport& transport, std::ostream& out, std::ostream& err);

// The message of an error answer: {"error":{"message":...}} as both programs
// send it, else the body itself (trimmed), else "HTTP <status>".
std::string error_message(const Response& response);

}  // namespace ctib::cli
