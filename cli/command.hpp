#pragma once
// What one `ctib` command is once its words are parsed: which service it
// talks to, the HTTP requests it sends (in order) and how the answers become
// text for a person. Built by the command table (commands.cpp) from
// untrusted argv; nothing after this point looks at the words again.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/expected.hpp"

namespace ctib::cli {

enum class Method { get, post };

std::string_view method_name(Method m);

struct Request {
  Method method = Method::get;
  std::string path;  // absolute, already percent-encoded ("/v1/calls/abc")
  std::string body;  // JSON; empty = no body
  bool operator==(const Request&) const = default;
};

// The program a command is meant for: `numbers status` asks the numbers
// service, everything else the engine. Only the default config file differs
// (address.hpp).
enum class Service { engine, numbers };

// Turns the answer bodies (one per request, same order, all 2xx) into the
// text printed for a person. An answer whose shape is not the contract's is
// an error whose message says what was missing.
using Render = base::Expected<std::string, std::string> (*)(std::span<const std::string> bodies);

struct Command {
  Service service = Service::engine;
  std::vector<Request> requests;
  Render render = nullptr;
  // false for /metrics, whose answer is Prometheus text, printed as is even
  // with --json.
  bool json_answer = true;
};

// The body `--json` prints: a single answer unchanged; the answers of a
// command that needs two requests (`sofia status`) merged into one object
// (their top-level keys differ: "profiles", "gateways"), each value unchanged.
base::Expected<std::string, std::string> json_output(std::span<const std::string> bodies);

// One path segment (uuid, gateway or profile name) percent-encoded, so that a
// name with '/' or '?' cannot change the route it is sent to.
std::string path_segment(std::string_view text);

}  // namespace ctib::cli
