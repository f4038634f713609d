// `uuid_kill UUID [CAUSE]`: POST /v1/calls/UUID/kill.
#include "cli/groups.hpp"
#include "cli/table.hpp"

namespace ctib::cli {

// The cause goes to the engine as a string whether it is a name or a Q.850
// number ("NORMAL_CLEARING", "17"): the engine parses both, and is the one
// place that knows which causes exist (unknown → 400, shown as its message).
Built uuid_kill_command(Args args) {
  if (args.empty()) return base::unexpected(std::string("a call UUID is needed"));
  if (args.size() > 2) return base::unexpected(too_many_words(args, 2));
  std::string body;
  if (args.size() == 2) body = nlohmann::json{{"cause", args[1]}}.dump();
  return Command{Service::engine, {{Method::post, "/v1/calls/" + path_segment(args[0]) + "/kill", body}},
                 &render_kill, true};
}

base::Expected<std::string, std::string> render_kill(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  return "+OK " + cell(*answer, "uuid") + " " + cell(*answer, "cause") + "\n";
}

}  // namespace ctib::cli
