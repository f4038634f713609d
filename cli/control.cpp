// `reload`/`reloadxml`, `fsctl pause`/`pause`, `fsctl resume`/`resume`,
// `drain`: the POSTs that change how the switch admits calls or re-read its
// configuration.
#include "cli/groups.hpp"
#include "cli/table.hpp"

namespace ctib::cli {
namespace {

Built post(Args args, std::string path, Render render) {
  if (!args.empty()) return base::unexpected(too_many_words(args, 0));
  return Command{Service::engine, {{Method::post, std::move(path), ""}}, render, true};
}

}  // namespace

Built reload_command(Args args) { return post(args, "/v1/reload", &render_reload); }
Built pause_command(Args args) { return post(args, "/v1/pause", &render_switch_state); }
Built resume_command(Args args) { return post(args, "/v1/resume", &render_switch_state); }
Built drain_command(Args args) { return post(args, "/v1/drain", &render_switch_state); }

base::Expected<std::string, std::string> render_reload(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  // pending: profiles that restart once their calls end; needs_restart: keys
  // that apply only when the program starts again (docs/configuration.md).
  return "+OK [reloaded]\n" + key_values({{"changed:", cell(*answer, "changed")},
                                          {"pending restart:", cell(*answer, "pending")},
                                          {"needs restart:", cell(*answer, "needs_restart")}});
}

// pause, resume and drain answer the status; the admission flags are what
// the operator wants to see changed.
base::Expected<std::string, std::string> render_switch_state(std::span<const std::string> bodies) {
  auto answer = parse_object(bodies.front());
  if (!answer) return base::unexpected(answer.error());
  return "+OK\n" + key_values({{"accepting:", cell(*answer, "accepting")},
                               {"paused:", cell(*answer, "paused")},
                               {"draining:", cell(*answer, "draining")},
                               {"calls up:", cell(*answer, "calls", "up")}});
}

}  // namespace ctib::cli
